package dev.tributary.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.configuration.YamlParserUtils;

/**
 * The {@code config.yaml} of a session cluster whose processes share one folder (one machine, or
 * machines that mount the same volume):
 *
 * <pre>
 * DIR/conf/config.yaml      this configuration; every process starts with --configDir DIR/conf
 * DIR/conf/log4j.properties one log file per process in DIR/log
 * DIR/checkpoints           checkpoints, retained on cancellation: a job resumes from the last one
 * DIR/savepoints            savepoints of `tributary jobs savepoint`
 * DIR/tmp, DIR/web-upload   spill files and uploaded jars
 * </pre>
 *
 * <p>The JobManager's RPC, REST and blob ports are free ports picked here (a TaskManager finds its
 * JobManager by them); TaskManagers bind RPC and data ports chosen by the OS, so any number of them
 * runs on one machine. Without high availability, the JobManager keeps the checkpoint list in
 * memory: TaskManager losses are recovered from the latest checkpoint by the restart strategy, the
 * loss of the JobManager by resubmitting with the retained checkpoint as savepoint.
 */
final class SessionClusterConfig {
  static final String HOST = "localhost";

  private SessionClusterConfig() {}

  /** The defaults of a cluster in {@code folder} with {@code slots} slots per TaskManager. */
  static Configuration defaults(Path folder, int slots) {
    Configuration config = new Configuration();
    config.set(JobManagerOptions.ADDRESS, HOST);
    config.set(JobManagerOptions.BIND_HOST, HOST);
    config.set(JobManagerOptions.PORT, FreePorts.on(HOST));
    config.set(RestOptions.ADDRESS, HOST);
    config.set(RestOptions.BIND_ADDRESS, HOST);
    config.set(RestOptions.PORT, FreePorts.on(HOST));
    config.set(BlobServerOptions.PORT, String.valueOf(FreePorts.on(HOST)));
    config.set(TaskManagerOptions.HOST, HOST);
    config.set(TaskManagerOptions.BIND_HOST, HOST);
    config.set(TaskManagerOptions.RPC_PORT, "0");
    config.set(NettyShuffleEnvironmentOptions.DATA_PORT, 0);
    config.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    // One subtask of each operator per TaskManager where slots allow: a lost TaskManager then
    // takes part of every operator with it, which is what recovery must survive.
    config.set(
        TaskManagerOptions.TASK_MANAGER_LOAD_BALANCE_MODE,
        TaskManagerOptions.TaskManagerLoadBalanceMode.SLOTS);
    config.set(JobManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse("768m"));
    // The heap state backend keeps state on the task heap and uses no managed memory; Iceberg's
    // writers buffer rows there too (a bounded run over two days needs a few hundred MB).
    config.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse("1536m"));
    config.set(TaskManagerOptions.MANAGED_MEMORY_FRACTION, 0.05f);

    config.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    config.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, uri(folder.resolve("checkpoints")));
    config.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, uri(folder.resolve("savepoints")));
    config.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    // A TaskManager killed without a goodbye is declared lost after two failed heartbeat RPCs.
    config.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(2));
    config.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(30));
    config.set(CoreOptions.TMP_DIRS, folder.resolve("tmp").toString());
    config.set(WebOptions.UPLOAD_DIR, folder.resolve("web-upload").toString());
    return config;
  }

  /** Writes {@code conf/config.yaml} and {@code conf/log4j.properties}; returns {@code conf}. */
  static Path write(Path folder, Configuration config) {
    Path conf = folder.resolve("conf");
    try {
      for (String dir : List.of("conf", "log", "checkpoints", "savepoints", "tmp", "web-upload")) {
        Files.createDirectories(folder.resolve(dir));
      }
      Map<String, Object> flat = new LinkedHashMap<>(config.toMap());
      Files.write(conf.resolve("config.yaml"), YamlParserUtils.convertAndDumpYamlFromFlatMap(flat));
      Files.writeString(conf.resolve("log4j.properties"), LOG4J);
      return conf;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the Flink configuration in " + conf, e);
    }
  }

  private static String uri(Path path) {
    return path.toAbsolutePath().toUri().toString();
  }

  /** Each process writes to the file named by its {@code -Dlog.file}. */
  private static final String LOG4J =
      String.join(
          "\n",
          "monitorInterval = 0",
          "rootLogger.level = INFO",
          "rootLogger.appenderRef.file.ref = MainAppender",
          "logger.kafka.name = org.apache.kafka",
          "logger.kafka.level = WARN",
          "logger.hadoop.name = org.apache.hadoop",
          "logger.hadoop.level = WARN",
          "appender.main.name = MainAppender",
          "appender.main.type = File",
          "appender.main.append = true",
          "appender.main.fileName = ${sys:log.file}",
          "appender.main.layout.type = PatternLayout",
          "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
          "");
}
