package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.embedded.ProcessFlinkCluster;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.embedded.junit.RedisExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code materialize} on a Flink cluster of separate processes, disturbed while it runs, ends with
 * exactly what an undisturbed run writes ({@link MaterializeRunComparison}): the history tables row
 * for row and every Redis key's feature values.
 *
 * <p>The cluster has two TaskManagers of one slot and the job parallelism 2, so each TaskManager
 * runs half of every operator. Restarts are bounded (60, 2 s apart: a restart fails at once while a
 * killed TaskManager is not yet replaced), so a job that cannot recover fails the test instead of
 * hanging it. Flink's logs are copied to {@code target/MaterializeFaultsTest-logs}.
 *
 * <p>The outages of Redis, Kafka and the inference server are tested on a MiniCluster, with the
 * score job beside this one ({@code ServiceFaultsTest} in jobs/flink): they need no process to die.
 */
class MaterializeFaultsTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

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
            .slotsPerTaskManager(1)
            .configure(boundedRestarts)
            .start();
  }

  @AfterAll
  static void stopCluster() throws IOException {
    if (cluster != null) {
      cluster.close();
    }
    keepLogs(dir.resolve("flink/log"), Path.of("target", "MaterializeFaultsTest-logs"));
  }

  /**
   * Three times: with every task running and a checkpoint completed since the last (re)start, the
   * next half day is published and a TaskManager killed with SIGKILL; a replacement starts, as
   * Kubernetes restarts a pod, and the job must fail over once more before the next round.
   */
  @Test
  void threeTaskManagersKilledWhileTheJobRuns() throws Exception {
    killThreeTaskManagers("tm-loss", MaterializeRunComparison.Flights.SAMPLE);
  }

  /**
   * The same over the 3 M flights of {@code shared/data/flights-3m.parquet}, in stages of six
   * weeks: opt-in ({@code -Dtributary.faults.full=true}), a benchmark-sized run of the order of an
   * hour here, skipped when the file is absent.
   */
  @Test
  @EnabledIfSystemProperty(named = "tributary.faults.full", matches = "true")
  void threeTaskManagersKilledOverTheFullFlights() throws Exception {
    Path full = DemoCommand.findFullData(Checkout.root());
    assumeTrue(full != null, "no " + DemoCommand.FULL_DATA + " above " + Checkout.root());
    killThreeTaskManagers("tm-loss-full", MaterializeRunComparison.Flights.full(full));
  }

  private static void killThreeTaskManagers(String name, MaterializeRunComparison.Flights flights)
      throws Exception {
    try (Jedis redis = new Jedis(REDIS.host(), REDIS.port())) {
      MaterializeRunComparison run =
          MaterializeRunComparison.start(
              cluster,
              KAFKA.bootstrapServers(),
              REDIS.host() + ":" + REDIS.port(),
              redis,
              dir.resolve(name),
              name,
              flights);
      var conditions = run.conditions();
      int failuresBefore = conditions.failures().size();
      for (int stage = 1; stage <= 3; stage++) {
        run.awaitRunningWithANewCheckpoint();
        run.publish(stage);
        String victim = cluster.taskManagers().get(0);
        assertEquals(
            JobStatus.RUNNING, conditions.status(), "the job runs when " + victim + " dies");
        assertEquals(137, cluster.killTaskManager(victim), victim + " ended by SIGKILL");
        cluster.startTaskManager();
        int failures = failuresBefore + stage;
        conditions.await(
            "the job failed over after the loss of " + victim,
            run.patience(),
            () -> conditions.failures().size() >= failures);
      }
      run.finishAndAssertEqualToACleanRun();
    }
  }

  private static void keepLogs(Path logs, Path kept) throws IOException {
    if (!Files.isDirectory(logs)) {
      return;
    }
    Files.createDirectories(kept);
    try (Stream<Path> files = Files.list(logs)) {
      for (Path file : files.toList()) {
        Files.copy(file, kept.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
