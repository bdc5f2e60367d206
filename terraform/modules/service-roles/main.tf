# IAM roles for the two Kubernetes service accounts that touch S3: flink (checkpoints, savepoints,
# HA metadata, the Iceberg warehouse; reads the model repository for the model pipeline) and triton
# (reads the model repository). Each role trusts only its service account through the cluster's
# OIDC provider.

locals {
  accounts = {
    flink = {
      read_write = [var.bucket_arns["checkpoints"], var.bucket_arns["warehouse"]]
      read       = [var.bucket_arns["models"]]
    }
    triton = {
      read_write = []
      read       = [var.bucket_arns["models"]]
    }
  }
}

data "aws_iam_policy_document" "assume" {
  for_each = local.accounts
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_issuer}:sub"
      values   = ["system:serviceaccount:${var.namespace}:${each.key}"]
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "access" {
  for_each = local.accounts
  statement {
    sid       = "List"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = concat(each.value.read_write, each.value.read)
  }
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = [for arn in concat(each.value.read_write, each.value.read) : "${arn}/*"]
  }
  dynamic "statement" {
    for_each = length(each.value.read_write) > 0 ? [1] : []
    content {
      sid       = "Write"
      actions   = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
      resources = [for arn in each.value.read_write : "${arn}/*"]
    }
  }
}

resource "aws_iam_role" "this" {
  for_each           = local.accounts
  name               = "${var.name}-${each.key}"
  assume_role_policy = data.aws_iam_policy_document.assume[each.key].json
  tags               = var.tags
}

resource "aws_iam_role_policy" "this" {
  for_each = local.accounts
  name     = "s3"
  role     = aws_iam_role.this[each.key].id
  policy   = data.aws_iam_policy_document.access[each.key].json
}
