package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.embedded.ProcessFlinkCluster;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.embedded.junit.RedisExtension;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code materialize} on a Flink cluster of separate processes, three of whose TaskManagers are
 * killed while it runs over two days of the flights sample, ends with exactly what an undisturbed
 * run writes ({@link TaskManagerLosses}, {@link MaterializeRunComparison}): the history tables row
 * for row and every Redis key's feature values. Flink's logs are copied to {@code
 * target/MaterializeFaultsTest-logs}.
 *
 * <p>The same over the 3 M flights is a benchmark ({@code TaskManagerLossBenchmark} in jobs/bench);
 * Redis and Kafka outages on a process cluster, with the score job beside this one, are {@link
 * OutagesOnProcessClusterTest}.
 */
class MaterializeFaultsTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  @TempDir static Path dir;
  private static ProcessFlinkCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = TaskManagerLosses.startCluster(dir.resolve("flink"));
  }

  @AfterAll
  static void stopCluster() throws IOException {
    if (cluster != null) {
      cluster.close();
    }
    TaskManagerLosses.keepLogs(
        dir.resolve("flink/log"), Path.of("target", "MaterializeFaultsTest-logs"));
  }

  @Test
  void threeTaskManagersKilledWhileTheJobRuns() throws Exception {
    TaskManagerLosses.Outcome outcome =
        TaskManagerLosses.killThreeWhileMaterializing(
            cluster,
            KAFKA.service(),
            REDIS.service(),
            dir.resolve("tm-loss"),
            "tm-loss",
            MaterializeRunComparison.Flights.SAMPLE);
    System.out.println("MaterializeFaultsTest: " + outcome);
    assertTrue(outcome.recoveries() >= TaskManagerLosses.KILLS, outcome.toString());
  }
}
