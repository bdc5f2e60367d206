variable "name" {
  description = "Prefix of the bucket names: NAME-warehouse, NAME-models, NAME-checkpoints (globally unique)."
  type        = string
}

variable "checkpoint_version_days" {
  description = "Days a replaced or deleted checkpoint file is kept before S3 expires it."
  type        = number
  default     = 7
}

variable "tags" {
  description = "Tags of every resource."
  type        = map(string)
  default     = {}
}
