output "operator_namespace" {
  description = "Namespace of the Flink Kubernetes Operator."
  value       = helm_release.flink_operator.namespace
}
