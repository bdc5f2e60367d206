package dev.tributary.flink.score;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * Offsets a Flink Kafka source committed for its group: they are committed when a checkpoint
 * completes, so they prove the job has read (and checkpointed past) that far.
 */
final class ConsumerOffsets {
  private ConsumerOffsets() {}

  static long committed(String bootstrapServers, String group, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream()
          .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset())
          .sum();
    }
  }
}
