output "flink_role_arn" {
  description = "Role of the flink service account (annotation eks.amazonaws.com/role-arn)."
  value       = aws_iam_role.this["flink"].arn
}

output "triton_role_arn" {
  description = "Role of the triton service account (annotation eks.amazonaws.com/role-arn)."
  value       = aws_iam_role.this["triton"].arn
}
