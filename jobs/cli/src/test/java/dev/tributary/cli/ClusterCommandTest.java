package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary cluster start} run as its own JVM, as a user runs it: the cluster outlives the
 * command, answers {@code jobs list}, and {@code cluster stop} ends every process it started.
 */
class ClusterCommandTest {

  @TempDir Path dir;

  @Test
  void startedClusterOutlivesTheCommandUntilClusterStop() throws Exception {
    String classpath =
        Optional.ofNullable(System.getProperty("surefire.test.class.path"))
            .orElse(System.getProperty("java.class.path"));
    Process start =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                Tributary.class.getName(),
                "cluster",
                "start",
                "--taskmanagers",
                "1",
                "--slots",
                "1",
                "--dir",
                dir.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(start.waitFor(5, TimeUnit.MINUTES), output);
    assertEquals(0, start.exitValue(), output);
    Matcher address = Pattern.compile("--jobmanager (\\S+)").matcher(output);
    assertTrue(address.find(), output);

    List<ProcessHandle> processes =
        Files.readAllLines(dir.resolve("cluster.pids")).stream()
            .map(line -> ProcessHandle.of(Long.parseLong(line.split(" ")[1])).orElseThrow())
            .toList();
    assertEquals(2, processes.size(), "a JobManager and a TaskManager: " + processes);
    CommandRun.exactly(0, "jobs", "list", "--jobmanager", address.group(1));
    CommandRun.exactly(0, "cluster", "stop", "--dir", dir.toString());
    for (ProcessHandle process : processes) {
      process.onExit().get(1, TimeUnit.MINUTES);
      assertFalse(process.isAlive());
    }
    assertFalse(Files.exists(dir.resolve("cluster.pids")));
  }
}
