package dev.tributary.flink.lineage;

import dev.tributary.core.config.KafkaConnection;
import dev.tributary.flink.records.TopicEnds;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * A topic's end offsets per partition, as lineage records what a streaming run had read by then:
 * {@code offsets 0=1234,1=1190}.
 */
public final class TopicOffsets {
  private TopicOffsets() {}

  public static String end(String bootstrapServers, String topic) throws Exception {
    return end(KafkaConnection.plain(bootstrapServers), topic);
  }

  /** The end offsets on a Kafka reached with client properties (TLS, SASL). */
  public static String end(KafkaConnection kafka, String topic) throws Exception {
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      Map<TopicPartition, Long> ends =
          TopicEnds.read(admin, topic, IsolationLevel.READ_UNCOMMITTED);
      return "offsets "
          + ends.entrySet().stream()
              .sorted(Comparator.comparingInt(e -> e.getKey().partition()))
              .map(e -> e.getKey().partition() + "=" + e.getValue())
              .collect(Collectors.joining(","));
    }
  }
}
