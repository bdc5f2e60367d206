# The three buckets of a deployment: the Iceberg warehouse, the Triton model repository, and Flink's
# checkpoints and savepoints. Private, encrypted, versioned (a bad model publish or a deleted
# savepoint can be rolled back).

resource "aws_s3_bucket" "this" {
  for_each = toset(["warehouse", "models", "checkpoints"])
  bucket   = "${var.name}-${each.key}"
  tags     = var.tags
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each                = aws_s3_bucket.this
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = aws_s3_bucket.this
  bucket   = each.value.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = aws_s3_bucket.this
  bucket   = each.value.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

# Checkpoints of a running job are replaced every few seconds; old versions only cost money.
resource "aws_s3_bucket_lifecycle_configuration" "checkpoints" {
  bucket = aws_s3_bucket.this["checkpoints"].id
  rule {
    id     = "expire-replaced-checkpoints"
    status = "Enabled"
    filter {
      prefix = ""
    }
    noncurrent_version_expiration {
      noncurrent_days = var.checkpoint_version_days
    }
  }
}
