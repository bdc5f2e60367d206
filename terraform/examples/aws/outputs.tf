output "image_repository" {
  description = "ECR repository to push the tributary image to (kustomization images: newName)."
  value       = aws_ecr_repository.tributary.repository_url
}

output "kubeconfig_command" {
  description = "Command that points kubectl at the cluster."
  value       = "aws eks update-kubeconfig --region ${var.region} --name ${module.eks.cluster_name}"
}

output "flink_role_arn" {
  description = "IAM role of the flink service account (deploy/kubernetes/flink-service-account.yaml)."
  value       = module.service_roles.flink_role_arn
}

output "triton_role_arn" {
  description = "IAM role of the triton service account (deploy/kubernetes/triton.yaml)."
  value       = module.service_roles.triton_role_arn
}

output "checkpoints_uri" {
  description = "Base URI of checkpoints, savepoints and HA metadata (flinkConfiguration in materialize.yaml)."
  value       = "s3://${module.storage.checkpoints_bucket}/materialize"
}

output "model_repository_uri" {
  description = "Triton's --model-repository and the destination of tributary models publish."
  value       = "s3://${module.storage.models_bucket}/models"
}

output "materialize_args" {
  description = "The materialize job's @-file (deploy/kubernetes/materialize.args) for this deployment; its secrets are references to the tributary-secrets Secret's variables."
  value = join("\n", [
    "materialize",
    "/opt/tributary/feature-defs",
    "--bootstrap-servers", module.kafka.bootstrap_servers,
    "--redis", module.redis.endpoint,
    "--redis-tls",
    "--redis-password", "$${env:REDIS_PASSWORD}", # a reference: REDIS_PASSWORD from output redis_auth_token
    "--group-id", "tributary-materialize",
    "--catalog-name", "tributary",
    "--catalog-property", "catalog-impl=org.apache.iceberg.jdbc.JdbcCatalog",
    "--catalog-property", "uri=${module.catalog.jdbc_uri}",
    "--catalog-property", "jdbc.user=${module.catalog.user}",
    "--catalog-property", "jdbc.password=$${env:CATALOG_PASSWORD}", # a reference: CATALOG_PASSWORD from output catalog_password
    "--catalog-property", "warehouse=s3a://${module.storage.warehouse_bucket}/warehouse",
    "--parallelism", "2",
    "--checkpoint-interval", "30s",
  ])
}

output "catalog_password" {
  description = "The catalog database's password: key catalog-password of the tributary-secrets Secret (CATALOG_PASSWORD)."
  value       = module.catalog.password
  sensitive   = true
}

output "redis_auth_token" {
  description = "Redis's AUTH token: key redis-password of the tributary-secrets Secret (REDIS_PASSWORD)."
  value       = module.redis.auth_token
  sensitive   = true
}
