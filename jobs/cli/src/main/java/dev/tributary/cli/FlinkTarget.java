package dev.tributary.cli;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.client.program.StreamContextEnvironment;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.JobListener;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
      paramLabel = "DIR|URI",
      description =
          "where local runs keep checkpoints: a folder or a file system URI such as"
              + " s3a://bucket/checkpoints (default: ${DEFAULT-VALUE}); on a cluster, its "
              + "execution.checkpointing.dir")
  String checkpointDir;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /**
   * Takes the {@code flink.*} keys of {@code --config} for the options not given on the command
   * line; returns the file's {@code flink.properties}.
   */
  private Configuration applyConfigFile() {
    dev.tributary.core.config.TributaryConfig file = ConfigFileOption.of(mixee);
    if (jobManager == null) {
      jobManager = file.text("flink.jobmanager").orElse(null);
    }
    if (!ConfigFileOption.given(mixee, "--parallelism")) {
      parallelism = file.integer("flink.parallelism").orElse(parallelism);
    }
    if (!ConfigFileOption.given(mixee, "--checkpoint-interval")) {
      checkpointInterval = file.text("flink.checkpoints.interval").orElse(checkpointInterval);
    }
    if (!ConfigFileOption.given(mixee, "--checkpoint-dir")) {
      checkpointDir = file.text("flink.checkpoints.dir").orElse(checkpointDir);
    }
    return Configuration.fromMap(file.properties("flink.properties"));
  }

  StreamExecutionEnvironment environment() {
    Configuration config = applyConfigFile();
    config.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
    config.set(PipelineOptions.GENERIC_TYPES, false);
    config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, parse(checkpointInterval));
    if (savepoint != null) {
      config.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
      config.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, allowNonRestoredState);
    }
    StreamExecutionEnvironment env;
    if (jobManager == null) {
      // One process, one job's classes: the AWS SDK behind s3a:// keeps threads (and their context
      // class loader) across the jobs of one JVM, which Flink's leak check would fail on.
      config.set(CoreOptions.CHECK_LEAKED_CLASSLOADER, false);
      env = StreamExecutionEnvironment.getExecutionEnvironment(config);
      if (env instanceof LocalStreamEnvironment) {
        allowHadoopFileSystems();
        Configuration storage = new Configuration();
        localCheckpointStorage(storage, checkpointLocation(checkpointDir));
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
    localCheckpointStorage(checkpoints, dataDir.resolve("checkpoints").toAbsolutePath().toUri());
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
    if (detached && jobManager != null) {
      JobClient job = env.executeAsync(jobName);
      printSubmitted(job, jobName, out);
      return;
    }
    // execute, not executeAsync and a wait: only execute tells the job listeners that the job has
    // ended (a bounded score run commits its stopping offsets in one, BoundedRunOffsets)
    env.registerJobListener(
        new JobListener() {
          @Override
          public void onJobSubmitted(JobClient job, Throwable failure) {
            if (job != null) {
              printSubmitted(job, jobName, out);
            }
          }

          @Override
          public void onJobExecuted(JobExecutionResult result, Throwable failure) {}
        });
    env.execute(jobName);
  }

  private static void printSubmitted(JobClient job, String jobName, PrintWriter out) {
    out.println("job " + job.getJobID() + " submitted: " + jobName);
    out.flush();
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
  static void localCheckpointStorage(Configuration config, java.net.URI location) {
    config.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, location.toString());
  }

  /**
   * Lets a local run's Flink reach {@code s3a://} and {@code s3://} through Hadoop's file systems
   * (hadoop-aws is in the jar), configured by the same {@code core-site.xml} as the catalog's file
   * IO: Flink itself only takes them from its S3 plugins, which a cluster installs (the image's
   * {@code flink-s3-fs-hadoop}) but a MiniCluster in this JVM does not have.
   */
  private static void allowHadoopFileSystems() {
    Configuration fileSystems = new Configuration();
    fileSystems.set(CoreOptions.ALLOWED_FALLBACK_FILESYSTEMS, "s3a;s3");
    org.apache.flink.core.fs.FileSystem.initialize(fileSystems);
  }

  /**
   * {@code --checkpoint-dir} as a URI: one with a scheme ({@code s3a://}, {@code hdfs://}) as
   * given, for Flink's file systems (Hadoop's, with hadoop-aws in the jar); anything else a local
   * folder.
   */
  static java.net.URI checkpointLocation(String text) {
    return text.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*")
        ? java.net.URI.create(text)
        : Path.of(text).toAbsolutePath().toUri();
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
