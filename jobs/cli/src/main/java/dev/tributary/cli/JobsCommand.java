package dev.tributary.cli;

import dev.tributary.core.config.TributaryConfig;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary jobs list|cancel|savepoint}: the jobs of a Flink cluster, through its REST API
 * (the calls {@code flink list}, {@code flink cancel}, {@code flink savepoint} and {@code flink
 * stop} make).
 */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = "List, cancel and savepoint the jobs of a Flink cluster.",
    subcommands = {
      JobsCommand.ListJobs.class,
      JobsCommand.Cancel.class,
      JobsCommand.Savepoint.class
    })
final class JobsCommand {

  private static final long TIMEOUT_MINUTES = 10;

  /**
   * The cluster every jobs subcommand talks to: {@code --jobmanager}, else {@code flink.jobmanager}
   * of {@code --config}, whose {@code flink.properties} (REST TLS, timeouts) go to the REST client
   * as they go to the jobs a command submits.
   */
  static final class Cluster {
    @Option(
        names = "--jobmanager",
        paramLabel = "HOST:PORT",
        description = "REST endpoint of the Flink cluster (default: flink.jobmanager of --config)")
    String jobManager;

    @picocli.CommandLine.Mixin ConfigFileOption config;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    RestClusterClient<StandaloneClusterId> client() throws Exception {
      TributaryConfig file = config.config();
      String address = jobManager != null ? jobManager : file.text("flink.jobmanager").orElse(null);
      if (address == null) {
        throw new ParameterException(
            mixee.commandLine(),
            "give --jobmanager HOST:PORT, or flink.jobmanager in --config (or $"
                + ConfigFileOption.ENVIRONMENT
                + ")");
      }
      return JobManagerAddress.parse(address)
          .client(Configuration.fromMap(file.properties("flink.properties")));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the jobs.")
  static final class ListJobs implements Callable<Integer> {
    @picocli.CommandLine.Mixin Cluster cluster;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try (RestClusterClient<StandaloneClusterId> client = cluster.client()) {
        client.listJobs().get(TIMEOUT_MINUTES, TimeUnit.MINUTES).stream()
            .sorted(Comparator.comparingLong(JobStatusMessage::getStartTime))
            .forEach(
                job ->
                    out.println(
                        job.getJobId()
                            + "  "
                            + job.getJobState()
                            + "  "
                            + Instant.ofEpochMilli(job.getStartTime())
                            + "  "
                            + job.getJobName()));
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a job.")
  static final class Cancel implements Callable<Integer> {
    @picocli.CommandLine.Mixin Cluster cluster;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "JOB_ID", description = "the job, as jobs list shows it")
    String jobId;

    @Override
    public Integer call() throws Exception {
      try (RestClusterClient<StandaloneClusterId> client = cluster.client()) {
        client.cancel(JobID.fromHexString(jobId)).get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
      }
      spec.commandLine().getOut().println("cancelled " + jobId);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(
      name = "savepoint",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Take a savepoint of a running job and print its path; with --stop, stop the job with it.",
        "Resume: submit the job again with --savepoint PATH."
      })
  static final class Savepoint implements Callable<Integer> {
    @picocli.CommandLine.Mixin Cluster cluster;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "JOB_ID", description = "the job, as jobs list shows it")
    String jobId;

    @Option(
        names = "--dir",
        paramLabel = "URI",
        description =
            "where to write it (default: the cluster's execution.checkpointing.savepoint-dir)")
    String dir;

    @Option(names = "--stop", description = "stop the job once the savepoint is complete")
    boolean stop;

    @Option(
        names = "--drain",
        description =
            "with --stop: first advance event time to the end, so every pending window and timer "
                + "fires (for a job that will not be resumed)")
    boolean drain;

    @Override
    public Integer call() throws Exception {
      JobID job = JobID.fromHexString(jobId);
      String path;
      try (RestClusterClient<StandaloneClusterId> client = cluster.client()) {
        path =
            (stop
                    ? client.stopWithSavepoint(job, drain, dir, SavepointFormatType.CANONICAL)
                    : client.triggerSavepoint(job, dir, SavepointFormatType.CANONICAL))
                .get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
      }
      spec.commandLine().getOut().println((stop ? "stopped with savepoint " : "savepoint ") + path);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
