package dev.tributary.bench.faults;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.cli.MaterializeRunComparison;
import dev.tributary.cli.TaskManagerLosses;
import dev.tributary.embedded.ProcessFlinkCluster;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.embedded.junit.RedisExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three TaskManagers killed while {@code materialize} runs over the 3 M flights of {@code
 * shared/data/flights-3m.parquet} on a Flink cluster of separate processes, then compared with a
 * clean bounded run: the CI test {@code MaterializeFaultsTest}'s procedure ({@link
 * TaskManagerLosses}) at full size, in four stages of six weeks. Prints the time it took, the kills
 * and recoveries, and how many rows and records it found equal (any difference fails it).
 *
 * <p>Opt-in ({@code -Dtributary.benchmark=true}) and only where the data set exists; over an hour
 * on a quiet 2-core machine (the last run's figures: docs/benchmarks.md). {@code
 * -Dtributary.benchmark.taskmanager-memory} sets each TaskManager's process size (default 2560m;
 * CI's sample runs on 1536m). Flink's logs are kept in {@code
 * target/TaskManagerLossBenchmark-logs}.
 */
@EnabledIfSystemProperty(named = "tributary.benchmark", matches = "true")
class TaskManagerLossBenchmark {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  /** Each TaskManager's process size: half a year of windows and the Iceberg writers' buffers. */
  private static final String TASK_MANAGER_MEMORY =
      System.getProperty("tributary.benchmark.taskmanager-memory", "2560m");

  @TempDir Path dir;

  @Test
  void threeTaskManagersKilledOverTheFullFlights() throws Exception {
    Optional<MaterializeRunComparison.Flights> flights = MaterializeRunComparison.Flights.full();
    assumeTrue(flights.isPresent(), "no shared/data/flights-3m.parquet above the checkout");
    Configuration larger = new Configuration();
    larger.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse(TASK_MANAGER_MEMORY));
    ProcessFlinkCluster cluster = TaskManagerLosses.startCluster(dir.resolve("flink"), larger);
    long started = System.nanoTime();
    try {
      TaskManagerLosses.Outcome outcome =
          TaskManagerLosses.killThreeWhileMaterializing(
              cluster,
              KAFKA.service(),
              REDIS.service(),
              dir.resolve("tm-loss-full"),
              "tm-loss-full",
              flights.get());
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      System.out.printf(
          "TaskManagerLossBenchmark: %s, took %s, %d kills, %d recoveries,"
              + " equal to the clean run: %d history rows, %d Redis records, %d other rows;"
              + " differences 0%n",
          flights.get().file(),
          took,
          outcome.kills(),
          outcome.recoveries(),
          outcome.compared().historyRows(),
          outcome.compared().redisRecords(),
          outcome.compared().otherRows());
    } finally {
      cluster.close();
      TaskManagerLosses.keepLogs(
          dir.resolve("flink/log"), Path.of("target", "TaskManagerLossBenchmark-logs"));
    }
  }
}
