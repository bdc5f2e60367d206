package dev.tributary.cli;

import dev.tributary.embedded.EmbeddedKafka;
import dev.tributary.embedded.EmbeddedRedis;
import dev.tributary.embedded.ProcessFlinkCluster;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.embedded.junit.RedisExtension;
import dev.tributary.flink.faults.FeaturesAndScoring;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code materialize} and {@code score} submitted through the command line to a Flink cluster of
 * separate JobManager and TaskManager processes, while first Redis and then the Kafka broker go
 * away and come back: nothing is lost or counted twice, the values converge, neither job fails for
 * good ({@code FeaturesAndScoring} in jobs/flink's tests says what is checked: the history tables
 * against the core's change points of every flight, Redis against the core's values at its stored
 * as-of time, every request as exactly one prediction or one dead letter).
 *
 * <p>Redis is shut down as an operator stops it ({@code SHUTDOWN SAVE}: its data saved, as a
 * managed Redis keeps it) and started again on the same port and folder 30 s later, so clients are
 * refused, not left waiting as with the MiniCluster's frozen server ({@code
 * RedisFrozenWhileJobsRunTest}). Both outages run against one pair of jobs, to pay for the cluster
 * and the jobs' start once. The cluster has two TaskManagers of two slots (each job has parallelism
 * 2) and bounded restarts (60, 2 s apart). Flink's logs are copied to {@code
 * target/OutagesOnProcessClusterTest-logs}.
 */
class OutagesOnProcessClusterTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private static final long SEED = Long.getLong("tributary.test.seed", 20010105L);
  private static final Duration REDIS_OUTAGE = Duration.ofSeconds(30);
  private static final Duration KAFKA_OUTAGE = Duration.ofSeconds(15);

  @TempDir static Path dir;
  private static ProcessFlinkCluster cluster;

  @BeforeAll
  static void startCluster() {
    Configuration boundedRestarts = new Configuration();
    boundedRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    boundedRestarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 60);
    boundedRestarts.set(
        RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
    cluster =
        ProcessFlinkCluster.builder(dir.resolve("flink"))
            .taskManagers(2)
            .slotsPerTaskManager(2)
            .configure(boundedRestarts)
            .start();
  }

  @AfterAll
  static void stopCluster() throws IOException {
    if (cluster != null) {
      cluster.close();
    }
    TaskManagerLosses.keepLogs(
        dir.resolve("flink/log"), Path.of("target", "OutagesOnProcessClusterTest-logs"));
  }

  @Test
  void redisStoppedThenKafkaRestartedWhileMaterializeAndScoreRun() throws Exception {
    EmbeddedRedis redis = REDIS.service();
    EmbeddedKafka kafka = KAFKA.service();
    try (FeaturesAndScoring jobs =
        new FeaturesAndScoring(
            kafka, redis, new ProcessClusterJobs(cluster, dir.resolve("jobs")), "outages", SEED)) {
      jobs.awaitCaughtUp("before the Redis outage");

      jobs.publishWhileRedisIsAway(
          1, "down", REDIS_OUTAGE, redis::shutDownSaving, redis::startAgain);

      jobs.publish(2);
      kafka.stopBroker();
      try {
        Thread.sleep(KAFKA_OUTAGE.toMillis()); // the outage itself
      } finally {
        kafka.startBroker();
      }
      jobs.finishAndAssertNothingLost();
    }
  }
}
