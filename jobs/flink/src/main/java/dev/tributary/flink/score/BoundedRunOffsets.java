package dev.tributary.flink.score;

import dev.tributary.core.config.KafkaConnection;
import dev.tributary.flink.records.TopicEnds;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.JobListener;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a bounded run of a Kafka source stops, and the commit of those offsets to its consumer
 * group once the job has succeeded.
 *
 * <p>Why: the Kafka source commits its group's offsets asynchronously when a checkpoint completes,
 * and a bounded job ends right after its final checkpoint, so that commit can be lost with the
 * closing consumer. The next run of the job, started afresh from the group's offsets, would then
 * read again what the last one already committed to Iceberg. Stopping at offsets fixed before the
 * job starts (the last committed record of each partition, as read_committed sees it) and
 * committing exactly those after the job has succeeded, synchronously, closes that window: the
 * run's outputs are committed by then (the sinks commit on the final checkpoint, before the job
 * ends).
 */
final class BoundedRunOffsets implements JobListener {
  private final KafkaConnection kafka;
  private final String groupId;
  private final Map<TopicPartition, Long> stops;

  private BoundedRunOffsets(
      KafkaConnection kafka, String groupId, Map<TopicPartition, Long> stops) {
    this.kafka = kafka;
    this.groupId = groupId;
    this.stops = stops;
  }

  /** The end of every partition of {@code topic} now, for the group {@code groupId}. */
  static BoundedRunOffsets capture(KafkaConnection kafka, String topic, String groupId) {
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      Map<TopicPartition, Long> stops = TopicEnds.read(admin, topic, IsolationLevel.READ_COMMITTED);
      return new BoundedRunOffsets(kafka, groupId, stops);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the end offsets of " + topic, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The stopping offsets for the source's {@code setBounded}. */
  OffsetsInitializer stoppingOffsets() {
    return OffsetsInitializer.offsets(stops);
  }

  @Override
  public void onJobSubmitted(JobClient jobClient, Throwable throwable) {}

  /** After a successful run: the group resumes where this run stopped. */
  @Override
  public void onJobExecuted(JobExecutionResult result, Throwable failure) {
    if (failure != null || result == null) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    stops.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(offset)));
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      admin.alterConsumerGroupOffsets(groupId, commit).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot commit the offsets of group " + groupId + " after its bounded run", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
