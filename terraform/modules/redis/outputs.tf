output "endpoint" {
  description = "HOST:PORT of the primary, the jobs' --redis."
  value       = "${aws_elasticache_replication_group.this.primary_endpoint_address}:6379"
}

output "auth_token" {
  description = "The AUTH token: the jobs' REDIS_PASSWORD, read by --redis-password '$${env:REDIS_PASSWORD}'."
  value       = random_password.auth.result
  sensitive   = true
}
