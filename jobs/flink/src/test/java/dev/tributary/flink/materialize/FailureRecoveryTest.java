package dev.tributary.flink.materialize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.embedded.LocalFlinkCluster;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.embedded.junit.RedisExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.KafkaTopics;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.online.RedisOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * A failure induced after a checkpoint: the job restarts from that checkpoint, the history tables
 * still hold exactly the change points of the events, no row twice and none missing, and Redis ends
 * with the values of a run without failure (replayed older writes never win).
 *
 * <p>Two ways to recover: mid-stream, with checkpoints after the restart, and a restarted job that
 * ends its input before its first checkpoint. The second is where Iceberg's newer {@code
 * IcebergSink} dropped every row written after the restore (see {@code HistoryTableSink}). The test
 * takes every checkpoint itself, so each scenario happens on any machine, and asserts it did.
 */
class FailureRecoveryTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private static final FeatureRepository DEFINITIONS = FlightsSample.definitions();
  private static final Source FLIGHTS = DEFINITIONS.source("flights").orElseThrow();

  /** Long enough that no checkpoint comes but those the test takes. */
  private static final Duration NO_PERIODIC_CHECKPOINT = Duration.ofHours(1);

  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private static List<ParsedEvent> events;

  @BeforeAll
  static void publishFlights() {
    events = FlightsSample.eventsScheduledBefore(FLIGHTS, "2001-01-01T18");
    KAFKA.createTopic("flights", 2);
    KafkaTopics.publish(
        KAFKA.bootstrapServers(), "flights", KafkaTopics.asJson(FLIGHTS, events), 2);
  }

  /**
   * Fails after a checkpoint taken mid-stream, restarts from it, and takes another checkpoint while
   * the restarted job still has input to read.
   */
  @Test
  void restartMidStreamWritesEveryRowExactlyOnce() throws Exception {
    runWithOneFailure(
        true,
        (cluster, job) -> {
          awaitCount(FailOnceAfterCheckpoint.AFTER_RESTART, 50, "the restarted job reads");
          cluster.checkpoint(job, TIMEOUT);
        },
        "mid-stream");
    assertTrue(
        FailOnceAfterCheckpoint.AFTER_RESTART_BEFORE_CHECKPOINT.get()
            < FailOnceAfterCheckpoint.AFTER_RESTART.get(),
        "the restarted job took a checkpoint while it read");
  }

  /**
   * Fails after a checkpoint; the restarted job reads the rest of its input and ends it before it
   * takes another checkpoint (none comes but those the test takes): what it wrote is committed only
   * by the end of input. This is where Iceberg's newer {@code IcebergSink} dropped every row
   * written after the restore.
   */
  @Test
  void restartedJobThatEndsBeforeItsFirstCheckpointCommitsEverything() throws Exception {
    runWithOneFailure(false, (cluster, job) -> {}, "ends-before-checkpoint");
    long after = FailOnceAfterCheckpoint.AFTER_RESTART.get();
    assertTrue(after > 0, "the restarted job read the rest of the input");
    assertEquals(
        after,
        FailOnceAfterCheckpoint.AFTER_RESTART_BEFORE_CHECKPOINT.get(),
        "every event after the restart came before its first checkpoint");
  }

  /** What the test does after the induced failure, while the restarted job runs. */
  private interface AfterRestart {
    void run(LocalFlinkCluster cluster, JobID job) throws Exception;
  }

  /**
   * Runs the job with no periodic checkpoints: the test takes one after the first events, which
   * induces the failure, then does {@code afterRestart}.
   */
  private void runWithOneFailure(
      boolean holdAfterRestart, AfterRestart afterRestart, String groupId) throws Exception {
    try (LocalIcebergCatalog iceberg = LocalIcebergCatalog.temporary();
        Jedis client = new Jedis(REDIS.host(), REDIS.port())) {
      client.flushAll();
      FailOnceAfterCheckpoint.reset();
      RedisOptions redis = RedisOptions.builder(REDIS.host(), REDIS.port()).build();
      MaterializeJob job =
          new MaterializeJob(
              DEFINITIONS,
              new MaterializeSettings(
                  KAFKA.bootstrapServers(),
                  groupId,
                  true,
                  new CatalogConfig(LocalIcebergCatalog.NAME, iceberg.properties()),
                  "recovered-run",
                  redis),
              new FailOnceAfterCheckpoint(holdAfterRestart));
      StreamExecutionEnvironment env = FLINK.environment();
      Configuration restartOnce = new Configuration();
      restartOnce.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
      restartOnce.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
      restartOnce.set(
          RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
      env.configure(restartOnce);
      env.enableCheckpointing(NO_PERIODIC_CHECKPOINT.toMillis());
      env.getCheckpointConfig().setMinPauseBetweenCheckpoints(NO_PERIODIC_CHECKPOINT.toMillis());
      job.build(env);
      JobClient running = env.executeAsync("materialize with an induced failure");
      LocalFlinkCluster cluster = FLINK.service();
      awaitCount(FailOnceAfterCheckpoint.BEFORE_FAILURE, 100, "the job reads");
      cluster.checkpoint(running.getJobID(), TIMEOUT);
      awaitTrue(FailOnceAfterCheckpoint.FAILED::get, "the failure is induced");
      afterRestart.run(cluster, running.getJobID());
      running.getJobExecutionResult().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      assertOutputsAsWithoutFailure(job, iceberg, redis);
    }
  }

  private static void awaitCount(AtomicLong counter, long atLeast, String what) throws Exception {
    awaitTrue(() -> counter.get() >= atLeast, what);
  }

  private static void awaitTrue(Callable<Boolean> condition, String what) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Waited " + TIMEOUT + " for: " + what);
      }
      Thread.sleep(20);
    }
  }

  private void assertOutputsAsWithoutFailure(
      MaterializeJob job, LocalIcebergCatalog iceberg, RedisOptions redis) throws Exception {
    HistoryAssertions.assertTablesHoldTheChangePointsOf(events, job.programs(), iceberg.catalog());
    // The restarted job replays updates Redis already has; older ones are ignored, so every stored
    // value is still exactly the core's value as of its stored as-of time.
    long[] newest = {Long.MIN_VALUE, Long.MIN_VALUE};
    for (int i = 0; i < events.size(); i++) {
      newest[i % 2] = Math.max(newest[i % 2], events.get(i).eventTime());
    }
    long outOfOrder = FLIGHTS.watermarks().maxOutOfOrderness().toMillis() + 1;
    OnlineAssertions.assertRedisHoldsTheValuesAsOfTheirAsOfTime(
        events, Math.max(newest[0], newest[1]) - outOfOrder, job.programs(), redis);
  }
}
