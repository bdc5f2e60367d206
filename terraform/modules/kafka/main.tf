# MSK: the source topics and dead letters. Clients in the VPC connect in plaintext on 9092 or TLS on
# 9094; the materialize job's Kafka client reads plaintext (it has no TLS options yet).

resource "aws_security_group" "kafka" {
  name_prefix = "${var.name}-kafka-"
  vpc_id      = var.vpc_id
  tags        = var.tags

  ingress {
    description     = "Kafka from the EKS nodes"
    from_port       = 9092
    to_port         = 9094
    protocol        = "tcp"
    security_groups = var.client_security_group_ids
  }
}

resource "aws_msk_configuration" "this" {
  name           = "${var.name}-kafka"
  kafka_versions = [var.kafka_version]
  # KafkaSink's exactly-once transactions must fit the broker's maximum (15 minutes by default).
  server_properties = <<-PROPERTIES
    auto.create.topics.enable=false
    default.replication.factor=3
    min.insync.replicas=2
    transaction.max.timeout.ms=900000
  PROPERTIES
}

resource "aws_msk_cluster" "this" {
  cluster_name           = var.name
  kafka_version          = var.kafka_version
  number_of_broker_nodes = var.broker_count
  tags                   = var.tags

  broker_node_group_info {
    instance_type   = var.broker_instance_type
    client_subnets  = var.subnet_ids
    security_groups = [aws_security_group.kafka.id]
    storage_info {
      ebs_storage_info {
        volume_size = var.broker_volume_gb
      }
    }
  }

  configuration_info {
    arn      = aws_msk_configuration.this.arn
    revision = aws_msk_configuration.this.latest_revision
  }

  encryption_info {
    encryption_in_transit {
      client_broker = "TLS_PLAINTEXT"
      in_cluster    = true
    }
  }
}
