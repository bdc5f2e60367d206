variable "name" {
  description = "Name of the deployment: prefix of every resource and of the bucket names (globally unique)."
  type        = string
}

variable "region" {
  description = "AWS region of everything."
  type        = string
  default     = "us-east-1"
}

variable "vpc_id" {
  description = "Existing VPC to deploy into."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets of the VPC in at least two availability zones (EKS, MSK, ElastiCache, RDS)."
  type        = list(string)
}

variable "image_tag" {
  description = "Tag of the tributary image pushed to the ECR repository (deploy/docker/Dockerfile)."
  type        = string
  default     = "0.1.0"
}

variable "tags" {
  description = "Tags of every resource."
  type        = map(string)
  default     = { project = "tributary" }
}
