package dev.tributary.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two TaskManager processes and a JobManager process run a job with one subtask on each; a
 * TaskManager killed with SIGKILL is gone, a replacement registers, and closing the cluster leaves
 * no process behind.
 */
class ProcessFlinkClusterTest {

  @TempDir Path folder;

  @Test
  void runsAJobOnSeparateProcessesAndReplacesAKilledTaskManager() throws Exception {
    List<ProcessHandle> processes = new ArrayList<>();
    try (ProcessFlinkCluster cluster = ProcessFlinkCluster.builder(folder).start()) {
      assertEquals(List.of("taskmanager-1", "taskmanager-2"), cluster.taskManagers());
      Configuration written =
          GlobalConfiguration.loadConfiguration(folder.resolve("conf").toString());
      assertEquals(cluster.restAddress().getPort(), written.get(RestOptions.PORT));
      cluster.taskManagers().forEach(id -> processes.add(cluster.taskManagerProcess(id)));
      assertTrue(Files.readString(folder.resolve("cluster.pids")).contains("taskmanager-2"));

      String host = cluster.restAddress().getHost();
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.createRemoteEnvironment(host, cluster.restAddress().getPort());
      env.setParallelism(2);
      List<Long> squares = new ArrayList<>();
      env.fromSequence(1, 1000)
          .map(n -> n * n)
          .returns(Types.LONG)
          .uid("square")
          .name("square")
          .executeAndCollect()
          .forEachRemaining(squares::add);
      assertEquals(
          LongStream.rangeClosed(1, 1000).map(n -> n * n).sum(),
          squares.stream().mapToLong(Long::longValue).sum());

      assertEquals(137, cluster.killTaskManager("taskmanager-1"), "exit code of SIGKILL");
      assertEquals(List.of("taskmanager-2"), cluster.taskManagers());
      String replacement = cluster.startTaskManager();
      assertEquals("taskmanager-3", replacement);
      assertTrue(cluster.registeredTaskManagers().contains(replacement));
      processes.add(cluster.taskManagerProcess(replacement));
    }
    for (ProcessHandle process : processes) {
      assertFalse(process.isAlive(), "process " + process.pid() + " outlived the cluster");
    }
  }
}
