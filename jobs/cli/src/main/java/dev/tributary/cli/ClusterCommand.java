package dev.tributary.cli;

import dev.tributary.embedded.ProcessFlinkCluster;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary cluster start|stop}: a Flink session cluster of separate JobManager and
 * TaskManager processes on this machine, from the classpath this command runs on ({@link
 * ProcessFlinkCluster}).
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = "Start or stop a Flink session cluster of separate processes on this machine.",
    subcommands = {ClusterCommand.Start.class, ClusterCommand.Stop.class})
final class ClusterCommand {

  /** Where the cluster keeps its configuration, logs, checkpoints and savepoints. */
  static final String DEFAULT_DIR = "tributary-data/flink-cluster";

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Start a JobManager and TaskManagers as background processes; they keep running after this "
            + "command returns.",
        "Example: tributary cluster start --taskmanagers 2 && tributary materialize feature-defs "
            + "--jobmanager localhost:PORT --detached ..."
      })
  static final class Start implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--taskmanagers",
        defaultValue = "2",
        description = "TaskManager processes (default: ${DEFAULT-VALUE})")
    int taskManagers;

    @Option(
        names = "--slots",
        defaultValue = "2",
        description = "task slots per TaskManager (default: ${DEFAULT-VALUE})")
    int slots;

    @Option(
        names = "--dir",
        defaultValue = DEFAULT_DIR,
        paramLabel = "DIR",
        description =
            "folder shared by the processes: config.yaml, logs, checkpoints, savepoints "
                + "(default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(
        names = "--config",
        paramLabel = "KEY=VALUE",
        description =
            "Flink configuration entry, repeatable, e.g. taskmanager.memory.process.size=4g")
    Map<String, String> config = new LinkedHashMap<>();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ProcessFlinkCluster cluster =
          ProcessFlinkCluster.builder(dir)
              .taskManagers(taskManagers)
              .slotsPerTaskManager(slots)
              .configure(Configuration.fromMap(config))
              .keepRunningAfterExit()
              .start();
      out.println(cluster);
      out.println("web UI and REST: " + cluster.restAddress());
      out.println("submit jobs with: --jobmanager " + cluster.jobManagerAddress());
      out.println("stop with: tributary cluster stop --dir " + dir);
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description =
          "Stop the cluster started in --dir: SIGTERM to its processes, SIGKILL after 30 s.")
  static final class Stop implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--dir",
        defaultValue = DEFAULT_DIR,
        paramLabel = "DIR",
        description = "the folder given to cluster start (default: ${DEFAULT-VALUE})")
    Path dir;

    @Override
    public Integer call() throws Exception {
      try {
        List<String> stopped = ProcessFlinkCluster.stop(dir);
        spec.commandLine().getOut().println("stopped " + stopped);
        spec.commandLine().getOut().flush();
        return 0;
      } catch (IllegalArgumentException noCluster) {
        spec.commandLine().getErr().println("cluster stop: " + noCluster.getMessage());
        spec.commandLine().getErr().flush();
        return 1;
      }
    }
  }
}
