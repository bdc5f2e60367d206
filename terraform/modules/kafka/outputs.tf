output "bootstrap_servers" {
  description = "Plaintext bootstrap servers (HOST:9092,...), the jobs' --bootstrap-servers."
  value       = aws_msk_cluster.this.bootstrap_brokers
}

output "bootstrap_servers_tls" {
  description = "TLS bootstrap servers (HOST:9094,...), for clients that set security.protocol=SSL."
  value       = aws_msk_cluster.this.bootstrap_brokers_tls
}
