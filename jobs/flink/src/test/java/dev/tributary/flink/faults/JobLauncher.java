package dev.tributary.flink.faults;

import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.flink.score.ScoringRun;
import java.util.List;
import org.apache.flink.core.execution.JobClient;

/**
 * Where {@link FeaturesAndScoring}'s two jobs run: a MiniCluster in the test's JVM ({@link
 * MiniClusterJobs}), or a Flink cluster of separate processes reached through the command line
 * (jobs/cli's tests). Either way the jobs restart from their latest checkpoint a bounded number of
 * times, so a fault they cannot recover from fails the test instead of hanging it.
 */
public interface JobLauncher {
  /**
   * What both jobs read and write: Kafka's bootstrap servers, Redis at {@code redisHost:redisPort}.
   */
  record Wiring(
      String kafka,
      String redisHost,
      int redisPort,
      CatalogConfig catalog,
      int tritonPort,
      String flightsTopic,
      String featuresGroup,
      ScoringRun requests,
      String scoreGroup) {
    public RedisOptions redis() {
      return RedisOptions.builder(redisHost, redisPort).build();
    }
  }

  /** Starts the materialize job of the example definitions over {@code wiring}. */
  JobClient materialize(Wiring wiring) throws Exception;

  /** Starts the score job of {@code wiring.requests()}'s scoring over {@code wiring}. */
  JobClient score(Wiring wiring) throws Exception;

  /** The failures Flink restarted {@code job} from (its exception history), for the test's log. */
  List<String> failures(JobClient job) throws Exception;
}
