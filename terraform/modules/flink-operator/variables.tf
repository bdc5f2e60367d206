variable "operator_version" {
  description = "Flink Kubernetes Operator release (a release that supports Flink 2.1)."
  type        = string
  default     = "1.13.0"
}

variable "cert_manager_version" {
  description = "cert-manager chart version (the operator's webhook needs its certificates)."
  type        = string
  default     = "v1.18.2"
}

variable "device_plugin_version" {
  description = "NVIDIA k8s-device-plugin chart version."
  type        = string
  default     = "0.17.1"
}

variable "jobs_namespace" {
  description = "Namespace the operator watches for FlinkDeployments (deploy/kubernetes uses tributary)."
  type        = string
  default     = "tributary"
}
