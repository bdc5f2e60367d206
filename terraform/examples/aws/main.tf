# A whole Tributary deployment on AWS: buckets, MSK, ElastiCache, the catalog database, EKS with a
# CPU and a GPU node group, IAM roles for the service accounts, the Flink Kubernetes Operator and
# NVIDIA's device plugin. Its outputs fill in deploy/kubernetes (see docs/operations.md).

module "storage" {
  source = "../../modules/storage"
  name   = var.name
  tags   = var.tags
}

module "eks" {
  source     = "../../modules/eks"
  name       = var.name
  subnet_ids = var.private_subnet_ids
  tags       = var.tags
}

module "kafka" {
  source                    = "../../modules/kafka"
  name                      = var.name
  vpc_id                    = var.vpc_id
  subnet_ids                = var.private_subnet_ids
  client_security_group_ids = [module.eks.node_security_group_id]
  tags                      = var.tags
}

module "redis" {
  source                    = "../../modules/redis"
  name                      = var.name
  vpc_id                    = var.vpc_id
  subnet_ids                = var.private_subnet_ids
  client_security_group_ids = [module.eks.node_security_group_id]
  tags                      = var.tags
}

module "catalog" {
  source                    = "../../modules/catalog"
  name                      = var.name
  vpc_id                    = var.vpc_id
  subnet_ids                = var.private_subnet_ids
  client_security_group_ids = [module.eks.node_security_group_id]
  tags                      = var.tags
}

module "service_roles" {
  source            = "../../modules/service-roles"
  name              = var.name
  oidc_provider_arn = module.eks.oidc_provider_arn
  oidc_issuer       = module.eks.oidc_issuer
  bucket_arns       = module.storage.bucket_arns
  tags              = var.tags
}

module "flink_operator" {
  source = "../../modules/flink-operator"
}

resource "aws_ecr_repository" "tributary" {
  name                 = var.name
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
}
