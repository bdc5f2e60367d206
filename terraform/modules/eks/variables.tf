variable "name" {
  description = "Name of the EKS cluster and prefix of its IAM roles."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the control plane and the nodes, in at least two availability zones."
  type        = list(string)
}

variable "kubernetes_version" {
  description = "Kubernetes version of the control plane."
  type        = string
  default     = "1.33"
}

variable "public_endpoint" {
  description = "Whether the API server is reachable from the internet (kubectl from outside the VPC)."
  type        = bool
  default     = false
}

variable "cpu_instance_types" {
  description = "Instance types of the CPU node group (Flink, in-cluster Redis)."
  type        = list(string)
  default     = ["m7i.2xlarge"]
}

variable "cpu_nodes" {
  description = "Size of the CPU node group: min, desired and max nodes."
  type        = object({ min = number, desired = number, max = number })
  default     = { min = 2, desired = 3, max = 10 }
}

variable "gpu_instance_types" {
  description = "Instance types of the GPU node group (Triton), with NVIDIA GPUs."
  type        = list(string)
  default     = ["g6.xlarge"]
}

variable "gpu_nodes" {
  description = "Size of the GPU node group: min, desired and max nodes."
  type        = object({ min = number, desired = number, max = number })
  default     = { min = 1, desired = 1, max = 4 }
}

variable "tags" {
  description = "Tags of every resource."
  type        = map(string)
  default     = {}
}
