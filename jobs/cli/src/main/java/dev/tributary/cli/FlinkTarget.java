package dev.tributary.cli;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.client.program.StreamContextEnvironment;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Option;

/**
 * Where a command runs its Flink job: a MiniCluster in this JVM, or a Flink cluster reached over
 * its REST endpoint, to which this jar is shipped. Every job gets the same strict settings:
 * explicit operator uids (a missing one would break savepoints) and no silent Kryo fallback.
 */
final class FlinkTarget {
  @Option(
      names = "--jobmanager",
      paramLabel = "HOST:PORT",
      description =
          "submit to this Flink cluster's REST endpoint instead of running a local MiniCluster")
  String jobManager;

  @Option(
      names = "--detached",
      description =
          "with --jobmanager: return once the cluster has accepted the job, printing its id "
              + "(manage it with tributary jobs)")
  boolean detached;

  @Option(
      names = "--savepoint",
      paramLabel = "PATH",
      description =
          "start from this savepoint or retained checkpoint (tributary jobs savepoint prints it)")
  String savepoint;

  @Option(
      names = "--allow-non-restored-state",
      description =
          "with --savepoint: start even if the savepoint holds state no operator of the job takes,"
              + " as after an upgrade that changed a view (its old version's table sink is gone)")
  boolean allowNonRestoredState;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "job parallelism (default: ${DEFAULT-VALUE})")
  int parallelism;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "10s",
      paramLabel = "DURATION",
      description =
          "checkpoint (and so Iceberg commit) interval, e.g. 10s, 1m (default: ${DEFAULT-VALUE})")
  String checkpointInterval;

  @Option(
      names = "--checkpoint-dir",
      defaultValue = "tributary-data/checkpoints",
      paramLabel = "DIR",
      description =
          "where local runs keep checkpoints (default: ${DEFAULT-VALUE}); on a cluster, its "
              + "execution.checkpointing.dir")
  Path checkpointDir;

  StreamExecutionEnvironment environment() {
    Configuration config = new Configuration();
    config.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
    config.set(PipelineOptions.GENERIC_TYPES, false);
    config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, parse(checkpointInterval));
    if (savepoint != null) {
      config.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
      config.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, allowNonRestoredState);
    }
    StreamExecutionEnvironment env;
    if (jobManager == null) {
      env = StreamExecutionEnvironment.getExecutionEnvironment(config);
      if (env instanceof LocalStreamEnvironment) {
        Configuration storage = new Configuration();
        localCheckpointStorage(storage, checkpointDir);
        env.configure(storage);
      }
    } else {
      JobManagerAddress address = JobManagerAddress.parse(jobManager);
      env =
          StreamExecutionEnvironment.createRemoteEnvironment(
              address.host(), address.port(), config, thisJar().toArray(String[]::new));
    }
    env.setParallelism(parallelism);
    return env;
  }

  /**
   * The environment of an {@code --embedded} run on {@code stack}'s MiniCluster: checkpoints every
   * {@code --checkpoint-interval} into files under {@code dataDir}.
   */
  StreamExecutionEnvironment embeddedEnvironment(
      dev.tributary.embedded.EmbeddedStack stack, Path dataDir) {
    StreamExecutionEnvironment env = stack.flink().environment();
    Configuration checkpoints = new Configuration();
    localCheckpointStorage(checkpoints, dataDir.resolve("checkpoints"));
    env.configure(checkpoints);
    env.enableCheckpointing(parse(checkpointInterval).toMillis());
    return env;
  }

  /**
   * Runs the job built on {@code env}: until it ends, or with {@code --detached} until the cluster
   * has accepted it. Either way the job id is printed first, for {@code tributary jobs}.
   */
  void execute(StreamExecutionEnvironment env, String jobName, PrintWriter out) throws Exception {
    if (insideCluster(env)) {
      env.execute(jobName);
      return;
    }
    JobClient job = env.executeAsync(jobName);
    out.println("job " + job.getJobID() + " submitted: " + jobName);
    out.flush();
    if (!(detached && jobManager != null)) {
      job.getJobExecutionResult().get();
    }
  }

  /**
   * Whether Flink itself runs this command's main (application mode on Kubernetes, a jar run
   * through {@code /jars/run}): its context environment then submits to the cluster it runs in,
   * with that cluster's checkpoint storage, and decides itself whether to wait for the job.
   */
  private boolean insideCluster(StreamExecutionEnvironment env) {
    return jobManager == null && env instanceof StreamContextEnvironment;
  }

  /**
   * Checkpoints of a local run go to files: Flink's default keeps them in the JobManager's memory,
   * capped at 5 MB, which a few days of feature state exceed.
   */
  static void localCheckpointStorage(Configuration config, Path folder) {
    config.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    config.set(
        CheckpointingOptions.CHECKPOINTS_DIRECTORY, folder.toAbsolutePath().toUri().toString());
  }

  static Duration parse(String text) {
    return org.apache.flink.util.TimeUtils.parseDuration(text);
  }

  /**
   * The shaded jar this command runs from: what a remote cluster needs to run the job's classes.
   * Run from a build's class folders (tests), there is no jar to ship and the cluster must already
   * have the classes.
   */
  private static java.util.List<String> thisJar() {
    try {
      Path location =
          Path.of(FlinkTarget.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return java.nio.file.Files.isRegularFile(location)
          ? java.util.List.of(location.toString())
          : java.util.List.of();
    } catch (URISyntaxException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
