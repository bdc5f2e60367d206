package dev.tributary.flink.lineage;

import dev.tributary.core.config.KafkaConnection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
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
      TopicDescription description =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      Map<TopicPartition, OffsetSpec> latest =
          new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
      description
          .partitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, Long> ends =
          new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
      admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
      return "offsets "
          + ends.entrySet().stream()
              .map(e -> e.getKey().partition() + "=" + e.getValue())
              .collect(Collectors.joining(","));
    }
  }
}
