package dev.tributary.flink.records;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The end offset of every partition of a topic: what lineage records as read, where a bounded score
 * run stops, and what tests wait for. One place, so all three ask Kafka the same question.
 */
public final class TopicEnds {
  private TopicEnds() {}

  /**
   * The ends as a consumer with {@code isolation} sees them: {@code READ_COMMITTED} stops before
   * open transactions, {@code READ_UNCOMMITTED} is the log end. A plain {@link HashMap}, because a
   * bounded source's stopping offsets are serialized with the job graph.
   */
  public static Map<TopicPartition, Long> read(Admin admin, String topic, IsolationLevel isolation)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get()
        .get(topic)
        .partitions()
        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin
        .listOffsets(latest, new ListOffsetsOptions(isolation))
        .all()
        .get()
        .forEach((partition, info) -> ends.put(partition, info.offset()));
    return ends;
  }
}
