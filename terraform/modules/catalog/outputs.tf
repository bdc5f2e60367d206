output "jdbc_uri" {
  description = "JDBC URI of the catalog database, catalog property uri."
  value       = "jdbc:postgresql://${aws_db_instance.catalog.endpoint}/iceberg"
}

output "user" {
  description = "Database user, catalog property jdbc.user."
  value       = aws_db_instance.catalog.username
}

output "password" {
  description = "Database password, catalog property jdbc.password."
  value       = random_password.catalog.result
  sensitive   = true
}
