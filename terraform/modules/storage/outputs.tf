output "warehouse_bucket" {
  description = "Bucket of the Iceberg warehouse (catalog property warehouse=s3a://BUCKET/warehouse)."
  value       = aws_s3_bucket.this["warehouse"].id
}

output "models_bucket" {
  description = "Bucket of the Triton model repository (tritonserver --model-repository=s3://BUCKET/models)."
  value       = aws_s3_bucket.this["models"].id
}

output "checkpoints_bucket" {
  description = "Bucket of Flink checkpoints, savepoints and high-availability metadata."
  value       = aws_s3_bucket.this["checkpoints"].id
}

output "bucket_arns" {
  description = "ARNs of the three buckets, by role (warehouse, models, checkpoints)."
  value       = { for role, bucket in aws_s3_bucket.this : role => bucket.arn }
}
