package dev.tributary.cli;

import dev.tributary.io.replay.EventReplayer;
import dev.tributary.io.replay.ReplaySummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The demo's live part: the flights after the cut and the scoring requests published side by side
 * at one pace of event time, while the materialize job writes Redis and the score job reads it, so
 * each request is scored when its time comes up in the replay, with the online features as they are
 * then (not as of the end of the stream).
 *
 * <pre>
 *  flights [cut, end)  ─► EventReplayer (speed) ─► Kafka flights ─► MaterializeJob ─► Redis
 *  requests [cut, ...) ─► DemoRequests (same pace, same origin) ─► Kafka ─► ScoreJob ◄─┘
 * </pre>
 *
 * Both jobs run unbounded; once every record is published and each job's consumer group has
 * committed the topic's end (on a checkpoint), both are stopped with a savepoint that drains them
 * (the end of event time, as a bounded run ends), which commits their last Iceberg and Kafka
 * transactions.
 */
final class DemoStream {
  /** Event time per wall-clock time: an hour of flights a second. */
  static final double SPEED = 3_600;

  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(10);

  private final String bootstrapServers;
  private final Path savepoints;

  DemoStream(String bootstrapServers, Path savepoints) {
    this.bootstrapServers = bootstrapServers;
    this.savepoints = savepoints;
  }

  /**
   * Publishes the flights (through {@code flights}, paced at {@link #SPEED}) and the requests at
   * the same pace from {@code origin}, side by side; returns the flights' replay summary.
   */
  ReplaySummary publish(EventReplayer.Builder flights, DemoRequests requests, long origin)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      long startNanos = System.nanoTime();
      Future<ReplaySummary> replayed = threads.submit(flights.speed(SPEED).build()::run);
      Future<?> asked =
          threads.submit(
              (Callable<Void>)
                  () -> {
                    requests.publishPaced(bootstrapServers, origin, startNanos, SPEED);
                    return null;
                  });
      asked.get();
      return replayed.get();
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * Waits until {@code group} has committed the end of every partition of {@code topic} (the job
   * read and checkpointed everything published), failing if the job ends first.
   */
  void awaitConsumed(JobClient job, String group, String topic) throws Exception {
    try (Admin admin = Admin.create(adminConfig())) {
      List<TopicPartition> partitions =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get()
              .get(topic)
              .partitions()
              .stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      Map<TopicPartition, OffsetSpec> latest =
          partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
      while (true) {
        var ends = admin.listOffsets(latest).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        List<TopicPartition> behind = new ArrayList<>();
        for (TopicPartition partition : partitions) {
          OffsetAndMetadata at = committed.get(partition);
          if (at == null || at.offset() < ends.get(partition).offset()) {
            behind.add(partition);
          }
        }
        if (behind.isEmpty()) {
          return;
        }
        if (job.getJobStatus().get().isGloballyTerminalState()) {
          job.getJobExecutionResult().get(); // throws the job's failure
          throw new IllegalStateException(
              "job " + job.getJobID() + " ended before reading " + behind + " to the end");
        }
        Thread.sleep(200);
      }
    }
  }

  /** Stops the job with a savepoint that drains it to the end of event time; waits for its end. */
  void drain(JobClient job) throws Exception {
    job.stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
        .get(STOP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    job.getJobExecutionResult()
        .get(STOP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
  }

  private Properties adminConfig() {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return config;
  }
}
