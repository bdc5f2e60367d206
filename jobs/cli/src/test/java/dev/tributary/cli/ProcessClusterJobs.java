package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.embedded.JobConditions;
import dev.tributary.embedded.ProcessFlinkCluster;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.faults.JobLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.ClusterClientJobClientAdapter;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;

/**
 * {@code FeaturesAndScoring}'s jobs submitted with {@code tributary materialize|score --jobmanager
 * --detached}, as a user submits them, to a {@link ProcessFlinkCluster} of separate JobManager and
 * TaskManager processes. The cluster's configuration holds the restart strategy and checkpoint
 * folder; the jobs checkpoint every second.
 */
final class ProcessClusterJobs implements JobLauncher {
  private final ProcessFlinkCluster cluster;
  private final Path folder;
  private Path definitions;

  /** Jobs on {@code cluster}, their definitions copied into {@code folder}. */
  ProcessClusterJobs(ProcessFlinkCluster cluster, Path folder) {
    this.cluster = cluster;
    this.folder = folder;
  }

  @Override
  public JobClient materialize(Wiring wiring) throws Exception {
    return submit(wiring, "materialize", "--group-id", wiring.featuresGroup());
  }

  @Override
  public JobClient score(Wiring wiring) throws Exception {
    return submit(
        wiring,
        "score",
        "--group-id",
        wiring.scoreGroup(),
        "--triton",
        "localhost:" + wiring.tritonPort());
  }

  @Override
  public List<String> failures(JobClient job) throws Exception {
    return new JobConditions(cluster.client(), job.getJobID())
        .failures().stream().map(f -> f.getExceptionName()).toList();
  }

  private JobClient submit(Wiring wiring, String command, String... options) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                definitions(wiring).toString(),
                "--jobmanager",
                cluster.jobManagerAddress(),
                "--detached",
                "--bootstrap-servers",
                wiring.kafka(),
                "--redis",
                wiring.redisHost() + ":" + wiring.redisPort(),
                "--catalog-name",
                wiring.catalog().name(),
                "--checkpoint-interval",
                "1s"));
    wiring
        .catalog()
        .properties()
        .forEach((key, value) -> args.add("--catalog-property=" + key + "=" + value));
    args.addAll(List.of(options));
    JobID job =
        JobID.fromHexString(
            MaterializeRunComparison.submitted(
                MaterializeRunComparison.cli(args.toArray(String[]::new))));
    return new ClusterClientJobClientAdapter<>(
        this::newClient, job, ProcessClusterJobs.class.getClassLoader());
  }

  /**
   * A client of its own for each call: the adapter closes the client after every request, and the
   * cluster's shared one must stay open.
   */
  private RestClusterClient<StandaloneClusterId> newClient() {
    Configuration rest = new Configuration();
    rest.set(RestOptions.ADDRESS, cluster.restAddress().getHost());
    rest.set(RestOptions.PORT, cluster.restAddress().getPort());
    try {
      return new RestClusterClient<>(rest, StandaloneClusterId.getInstance());
    } catch (Exception e) {
      throw new IllegalStateException("Cannot reach the JobManager at " + cluster.restAddress(), e);
    }
  }

  /**
   * The example definitions, copied once, whose scoring reads the run's requests topic (the flights
   * source keeps the definitions' topic, which the run publishes to).
   */
  private Path definitions(Wiring wiring) throws Exception {
    if (definitions == null) {
      definitions = FlightsSample.copyDefinitions(folder);
      Path sources = definitions.resolve("sources.yaml");
      String text = Files.readString(sources);
      assertTrue(text.contains("    topic: " + wiring.flightsTopic() + "\n"), "flights topic");
      String topic = wiring.requests().scoring.requests().topicOrNull();
      String changed = text.replace("    topic: flight_requests\n", "    topic: " + topic + "\n");
      assertEquals(false, changed.equals(text), "sources.yaml declares topic: flight_requests");
      Files.writeString(sources, changed);
    }
    return definitions;
  }
}
