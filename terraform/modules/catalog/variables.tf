variable "name" {
  description = "Identifier of the database instance and prefix of its groups."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the database."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the database, in at least two availability zones."
  type        = list(string)
}

variable "client_security_group_ids" {
  description = "Security groups allowed to reach PostgreSQL (the EKS nodes')."
  type        = list(string)
}

variable "engine_version" {
  description = "PostgreSQL major version."
  type        = string
  default     = "16"
}

variable "instance_class" {
  description = "Instance class: the catalog sees a few queries per commit, a small one is enough."
  type        = string
  default     = "db.t4g.small"
}

variable "tags" {
  description = "Tags of every resource."
  type        = map(string)
  default     = {}
}
