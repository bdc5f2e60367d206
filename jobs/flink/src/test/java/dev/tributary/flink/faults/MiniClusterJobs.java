package dev.tributary.flink.faults;

import dev.tributary.embedded.JobConditions;
import dev.tributary.embedded.LocalFlinkCluster;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.materialize.MaterializeJob;
import dev.tributary.flink.materialize.MaterializeSettings;
import dev.tributary.flink.score.ScoreJob;
import dev.tributary.flink.score.ScoreSettings;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.client.TritonClientLoader;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@link FeaturesAndScoring}'s jobs built in the test's JVM and run on its MiniCluster, checkpoints
 * every 500 ms, {@link FeaturesAndScoring#RESTARTS} restarts 2 s apart.
 */
final class MiniClusterJobs implements JobLauncher {
  private static final int PARALLELISM = 2;

  private final LocalFlinkCluster flink;

  MiniClusterJobs(LocalFlinkCluster flink) {
    this.flink = flink;
  }

  /** The materialize job's settings, which also name the view programs the tests check. */
  static MaterializeSettings materializeSettings(Wiring wiring) {
    return new MaterializeSettings(
        wiring.kafka(),
        wiring.featuresGroup(),
        false,
        wiring.catalog(),
        "features",
        wiring.redis());
  }

  @Override
  public JobClient materialize(Wiring wiring) throws Exception {
    return submit(
        "materialize",
        env ->
            new MaterializeJob(FlightsSample.definitions(), materializeSettings(wiring))
                .build(env));
  }

  @Override
  public JobClient score(Wiring wiring) throws Exception {
    ScoreSettings settings =
        ScoreSettings.of(
                wiring.kafka(),
                false,
                wiring.catalog(),
                wiring.scoreGroup(),
                wiring.redis(),
                TritonClientLoader.of(
                    TritonClient.builder().endpoint("localhost:" + wiring.tritonPort())))
            .withGroupId(wiring.scoreGroup());
    return submit(
        "score " + wiring.scoreGroup(),
        env -> new ScoreJob(wiring.requests().scoring, settings).build(env));
  }

  @Override
  public List<String> failures(JobClient job) throws Exception {
    Configuration rest = new Configuration();
    rest.set(RestOptions.ADDRESS, flink.restAddress().getHost());
    rest.set(RestOptions.PORT, flink.restAddress().getPort());
    try (RestClusterClient<StandaloneClusterId> client =
        new RestClusterClient<>(rest, StandaloneClusterId.getInstance())) {
      return new JobConditions(client, job.getJobID())
          .failures().stream().map(f -> f.getExceptionName()).toList();
    }
  }

  private JobClient submit(String jobName, Consumer<StreamExecutionEnvironment> job)
      throws Exception {
    StreamExecutionEnvironment env = flink.environment();
    env.setParallelism(PARALLELISM);
    Configuration restarts = new Configuration();
    restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    restarts.set(
        RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, FeaturesAndScoring.RESTARTS);
    restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
    env.configure(restarts);
    env.enableCheckpointing(500);
    job.accept(env);
    return env.executeAsync(jobName);
  }
}
