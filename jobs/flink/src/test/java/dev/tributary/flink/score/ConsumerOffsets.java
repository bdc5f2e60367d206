package dev.tributary.flink.score;

import dev.tributary.flink.records.TopicEnds;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Offsets a Flink Kafka source committed for its group, and the ends of topics: offsets are
 * committed when a checkpoint completes (or, for bounded score runs, once the run succeeded), so
 * they prove the job has read that far.
 */
public final class ConsumerOffsets {
  private ConsumerOffsets() {}

  /** The end offset of a topic (summed over partitions). */
  public static long end(String bootstrapServers, String topic) throws Exception {
    return endPerPartition(bootstrapServers, topic).values().stream().mapToLong(e -> e).sum();
  }

  /** The end offset of each partition of a topic. */
  public static Map<TopicPartition, Long> endPerPartition(String bootstrapServers, String topic)
      throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      return TopicEnds.read(admin, topic, IsolationLevel.READ_UNCOMMITTED);
    }
  }

  /** The offsets {@code group} committed on {@code topic} (summed over partitions). */
  public static long committed(String bootstrapServers, String group, String topic)
      throws Exception {
    return committedPerPartition(bootstrapServers, group).entrySet().stream()
        .filter(e -> e.getKey().topic().equals(topic))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** The offset {@code group} committed on each partition it has one for. */
  public static Map<TopicPartition, Long> committedPerPartition(
      String bootstrapServers, String group) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      Map<TopicPartition, Long> committed = new HashMap<>();
      admin
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get()
          .forEach(
              (p, offset) -> {
                if (offset != null) {
                  committed.put(p, offset.offset());
                }
              });
      return committed;
    }
  }
}
