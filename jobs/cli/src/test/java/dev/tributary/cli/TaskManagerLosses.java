package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.embedded.EmbeddedKafka;
import dev.tributary.embedded.EmbeddedRedis;
import dev.tributary.embedded.ProcessFlinkCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import redis.clients.jedis.Jedis;

/**
 * Three TaskManager processes killed with SIGKILL while {@code materialize} runs on a {@link
 * ProcessFlinkCluster}, then the run compared with a clean one ({@link MaterializeRunComparison}):
 * the procedure of {@code MaterializeFaultsTest} (the flights sample, in CI) and of {@code
 * TaskManagerLossBenchmark} in jobs/bench (the 3 M flights).
 *
 * <p>The cluster has two TaskManagers of one slot and the job parallelism 2, so each TaskManager
 * runs half of every operator. Restarts are bounded (60, 2 s apart: a restart fails at once while a
 * killed TaskManager is not yet replaced), so a job that cannot recover fails instead of hanging.
 */
public final class TaskManagerLosses {
  /** How many TaskManagers are killed, one per stage after the first. */
  public static final int KILLS = 3;

  /**
   * What a run did and compared.
   *
   * @param kills TaskManagers killed
   * @param recoveries failures the job restarted from (Flink's exception history)
   * @param compared the rows and records found equal to a clean run's
   */
  public record Outcome(int kills, int recoveries, MaterializeRunComparison.Compared compared) {}

  private TaskManagerLosses() {}

  /** Two TaskManagers of one slot in {@code folder}, with bounded restarts. */
  public static ProcessFlinkCluster startCluster(Path folder) {
    return startCluster(folder, new Configuration());
  }

  /**
   * As {@link #startCluster(Path)}, with {@code overrides} on top of the cluster's defaults (a
   * larger TaskManager for the 3 M flights).
   */
  public static ProcessFlinkCluster startCluster(Path folder, Configuration overrides) {
    Configuration boundedRestarts = new Configuration();
    boundedRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    boundedRestarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 60);
    boundedRestarts.set(
        RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
    return ProcessFlinkCluster.builder(folder)
        .taskManagers(2)
        .slotsPerTaskManager(1)
        .configure(boundedRestarts)
        .configure(overrides)
        .start();
  }

  /**
   * Three times: with every task running and a checkpoint completed since the last (re)start, the
   * next stage of {@code flights} is published and a TaskManager killed with SIGKILL; a replacement
   * starts, as Kubernetes restarts a pod, and the job must fail over once more before the next
   * round. Then the run must equal a clean one. The run's files go in {@code folder}.
   */
  public static Outcome killThreeWhileMaterializing(
      ProcessFlinkCluster cluster,
      EmbeddedKafka kafka,
      EmbeddedRedis redis,
      Path folder,
      String name,
      MaterializeRunComparison.Flights flights)
      throws Exception {
    try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
      MaterializeRunComparison run =
          MaterializeRunComparison.start(
              cluster,
              kafka.bootstrapServers(),
              redis.host() + ":" + redis.port(),
              jedis,
              folder,
              name,
              flights);
      var conditions = run.conditions();
      int failuresBefore = conditions.failures().size();
      for (int stage = 1; stage <= KILLS; stage++) {
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
      int recoveries = conditions.failures().size() - failuresBefore;
      return new Outcome(KILLS, recoveries, run.finishAndAssertEqualToACleanRun());
    }
  }

  /** Copies the cluster's logs out of its temporary folder, for a failed run's reader. */
  public static void keepLogs(Path logs, Path kept) throws IOException {
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
