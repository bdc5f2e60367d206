# RDS PostgreSQL holding the Iceberg JDBC catalog: one small table of table pointers, updated at
# every commit. The jobs reach it with catalog properties uri=jdbc:postgresql://..., jdbc.user and
# jdbc.password; the data itself is in the warehouse bucket.

resource "aws_security_group" "catalog" {
  name_prefix = "${var.name}-catalog-"
  vpc_id      = var.vpc_id
  tags        = var.tags

  ingress {
    description     = "PostgreSQL from the EKS nodes"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = var.client_security_group_ids
  }
}

resource "aws_db_subnet_group" "catalog" {
  name       = var.name
  subnet_ids = var.subnet_ids
  tags       = var.tags
}

resource "random_password" "catalog" {
  length  = 32
  special = false
}

resource "aws_db_instance" "catalog" {
  identifier                = var.name
  engine                    = "postgres"
  engine_version            = var.engine_version
  instance_class            = var.instance_class
  allocated_storage         = 20
  storage_encrypted         = true
  db_name                   = "iceberg"
  username                  = "tributary"
  password                  = random_password.catalog.result
  db_subnet_group_name      = aws_db_subnet_group.catalog.name
  vpc_security_group_ids    = [aws_security_group.catalog.id]
  multi_az                  = true
  backup_retention_period   = 7
  deletion_protection       = true
  skip_final_snapshot       = false
  final_snapshot_identifier = "${var.name}-final"
  tags                      = var.tags
}
