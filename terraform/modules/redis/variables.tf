variable "name" {
  description = "Replication group id and prefix of the security and subnet groups."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the cache nodes."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the cache nodes, in at least two availability zones."
  type        = list(string)
}

variable "client_security_group_ids" {
  description = "Security groups allowed to reach Redis (the EKS nodes')."
  type        = list(string)
}

variable "engine_version" {
  description = "Redis engine version (the jobs are tested against 7.0)."
  type        = string
  default     = "7.1"
}

variable "node_type" {
  description = "Cache node type: memory holds one hash per entity and view."
  type        = string
  default     = "cache.r7g.large"
}

variable "tags" {
  description = "Tags of every resource."
  type        = map(string)
  default     = {}
}
