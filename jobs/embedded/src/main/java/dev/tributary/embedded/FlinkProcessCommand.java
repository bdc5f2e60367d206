package dev.tributary.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * The command line of one Flink process, as Flink's {@code jobmanager.sh} and {@code
 * taskmanager.sh} would build it, without the Flink distribution.
 *
 * <p>Memory flags come from the same calls as {@code BashJavaUtils GET_JM_RESOURCE_PARAMS} / {@code
 * GET_TM_RESOURCE_PARAMS} (the scripts' source of {@code -Xmx}, {@code -XX:MaxDirectMemorySize} and
 * the {@code -D taskmanager.memory.*} arguments), made in this JVM instead of a JVM of their own.
 * The Java 17 openings are the root pom's {@code jvm.opens}, the list the tests and {@code
 * bin/tributary} use.
 */
final class FlinkProcessCommand {
  static final String JOB_MANAGER_CLASS =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  static final String TASK_MANAGER_CLASS =
      "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

  private FlinkProcessCommand() {}

  static List<String> jobManager(Configuration config, Path conf, String classpath, Path log) {
    JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(config);
    return command(
        JobManagerProcessUtils.generateJvmParametersStr(spec, config),
        JobManagerProcessUtils.generateDynamicConfigsStr(spec),
        JOB_MANAGER_CLASS,
        conf,
        classpath,
        log);
  }

  static List<String> taskManager(
      Configuration config, Path conf, String classpath, Path log, String resourceId) {
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(config);
    return command(
        ProcessMemoryUtils.generateJvmParametersStr(spec),
        TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)
            + " -D taskmanager.resource-id="
            + resourceId,
        TASK_MANAGER_CLASS,
        conf,
        classpath,
        log);
  }

  private static List<String> command(
      String jvmMemory,
      String dynamicConfigs,
      String mainClass,
      Path conf,
      String classpath,
      Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(words(JVM_OPENS));
    command.addAll(words(jvmMemory));
    command.add("-Dlog.file=" + log.toAbsolutePath());
    command.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
    command.add("-classpath");
    command.add(classpath);
    command.add(mainClass);
    command.add("--configDir");
    command.add(conf.toAbsolutePath().toString());
    command.addAll(words(dynamicConfigs));
    return command;
  }

  private static List<String> words(String text) {
    return Arrays.stream(text.trim().split("\\s+")).filter(word -> !word.isEmpty()).toList();
  }

  private static final String JVM_OPENS = readOpens();

  private static String readOpens() {
    try (InputStream in = FlinkProcessCommand.class.getResourceAsStream("jvm-opens.txt")) {
      if (in == null) {
        throw new IllegalStateException(
            "jvm-opens.txt is missing from tributary-embedded; rebuild it with Maven");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
