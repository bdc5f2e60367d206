package dev.tributary.flink.score;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * Offsets a Flink Kafka source committed for its group: they are committed when a checkpoint
 * completes, so they prove the job has read (and checkpointed past) that far.
 */
public final class ConsumerOffsets {
  private ConsumerOffsets() {}

  /** The end offset of a topic (summed over partitions). */
  public static long end(String bootstrapServers, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      var partitions =
          admin
              .describeTopics(java.util.List.of(topic))
              .allTopicNames()
              .get()
              .get(topic)
              .partitions();
      Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>
          latest = new java.util.HashMap<>();
      partitions.forEach(
          p ->
              latest.put(
                  new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                  org.apache.kafka.clients.admin.OffsetSpec.latest()));
      return admin.listOffsets(latest).all().get().values().stream()
          .mapToLong(info -> info.offset())
          .sum();
    }
  }

  public static long committed(String bootstrapServers, String group, String topic)
      throws Exception {
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
