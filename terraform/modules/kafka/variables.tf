variable "name" {
  description = "Name of the MSK cluster and prefix of its security group."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the brokers."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the brokers, one per availability zone (as many as broker_count divides into)."
  type        = list(string)
}

variable "client_security_group_ids" {
  description = "Security groups allowed to reach the brokers (the EKS nodes')."
  type        = list(string)
}

variable "kafka_version" {
  description = "Kafka version of the brokers; the jobs' client is kafka-clients 4.2."
  type        = string
  default     = "3.9.x"
}

variable "broker_count" {
  description = "Number of brokers, a multiple of the number of subnets."
  type        = number
  default     = 3
}

variable "broker_instance_type" {
  description = "MSK broker instance type."
  type        = string
  default     = "kafka.m7g.large"
}

variable "broker_volume_gb" {
  description = "EBS storage per broker, in GiB."
  type        = number
  default     = 500
}

variable "tags" {
  description = "Tags of every resource."
  type        = map(string)
  default     = {}
}
