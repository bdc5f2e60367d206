package dev.tributary.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Option;

/**
 * Where a command runs its Flink job: a MiniCluster in this JVM, or a Flink cluster reached over its
 * REST endpoint, to which this jar is shipped. Every job gets the same strict settings: explicit
 * operator uids (a missing one would break savepoints) and no silent Kryo fallback.
 */
final class FlinkTarget {
  @Option(names = "--jobmanager", paramLabel = "HOST:PORT",
      description = "submit to this Flink cluster's REST endpoint instead of running a local MiniCluster")
  String jobManager;

  @Option(names = "--parallelism", defaultValue = "2", description = "job parallelism (default: ${DEFAULT-VALUE})")
  int parallelism;

  @Option(names = "--checkpoint-interval", defaultValue = "10s", paramLabel = "DURATION",
      description = "checkpoint (and so Iceberg commit) interval, e.g. 10s, 1m (default: ${DEFAULT-VALUE})")
  String checkpointInterval;

  StreamExecutionEnvironment environment() {
    Configuration config = new Configuration();
    config.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
    config.set(PipelineOptions.GENERIC_TYPES, false);
    config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, parse(checkpointInterval));
    StreamExecutionEnvironment env;
    if (jobManager == null) {
      env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    } else {
      String[] hostPort = jobManager.split(":", 2);
      env = StreamExecutionEnvironment.createRemoteEnvironment(hostPort[0], Integer.parseInt(hostPort[1]), config,
          thisJar());
    }
    env.setParallelism(parallelism);
    return env;
  }

  static Duration parse(String text) {
    return org.apache.flink.util.TimeUtils.parseDuration(text);
  }

  /** The shaded jar this command runs from: what a remote cluster needs to run the job's classes. */
  private static String thisJar() {
    try {
      return Path.of(FlinkTarget.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
