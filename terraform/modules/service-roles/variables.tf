variable "name" {
  description = "Prefix of the role names: NAME-flink, NAME-triton."
  type        = string
}

variable "namespace" {
  description = "Kubernetes namespace of the service accounts (deploy/kubernetes uses tributary)."
  type        = string
  default     = "tributary"
}

variable "oidc_provider_arn" {
  description = "ARN of the EKS cluster's OIDC provider."
  type        = string
}

variable "oidc_issuer" {
  description = "OIDC issuer of the EKS cluster, without https://."
  type        = string
}

variable "bucket_arns" {
  description = "ARNs of the buckets by role: warehouse, models, checkpoints (the storage module's bucket_arns)."
  type        = map(string)
}

variable "tags" {
  description = "Tags of every resource."
  type        = map(string)
  default     = {}
}
