package dev.tributary.bench.materialize;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells when a job has consumed its backlog: the lag of its consumer group, from the offsets it
 * commits on each completed checkpoint.
 *
 * <p>A checkpoint completes only after its barrier has passed every operator, so when the committed
 * offsets reach the end of the topic, every operator, the Redis sink included, has handled every
 * event published so far and the timers the watermark passed have fired. The answer is as coarse as
 * the checkpoint interval.
 */
final class ConsumerLag implements AutoCloseable {
  private static final long POLL_MILLIS = 500;

  private final Admin admin;
  private final String group;
  private final String topic;

  ConsumerLag(String bootstrapServers, String group, String topic) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    this.group = group;
    this.topic = topic;
  }

  /** Events in the topic that the group has not committed yet. */
  long events() throws Exception {
    Set<TopicPartition> partitions =
        admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic).partitions().stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .collect(Collectors.toSet());
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest =
        partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
    long lag = 0;
    for (var end : admin.listOffsets(latest).all().get().entrySet()) {
      OffsetAndMetadata position = committed.get(end.getKey());
      lag += end.getValue().offset() - (position == null ? 0 : position.offset());
    }
    return lag;
  }

  /** Waits until the lag is zero; returns the seconds waited. */
  double awaitNone(long timeoutSeconds) throws Exception {
    long started = System.nanoTime();
    long deadline = started + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (events() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "group "
                + group
                + " still lags "
                + events()
                + " events after "
                + timeoutSeconds
                + " s");
      }
      Thread.sleep(POLL_MILLIS);
    }
    return (System.nanoTime() - started) / 1e9;
  }

  @Override
  public void close() {
    admin.close();
  }
}
