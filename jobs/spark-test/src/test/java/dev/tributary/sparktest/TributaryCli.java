package dev.tributary.sparktest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code tributary} command line run in a child JVM, as {@code bin/tributary} runs it: the
 * shaded jar that {@code jobs/cli} packaged in this build, started with the same module openings. A
 * child JVM because the jobs run on Flink 2.1, which cannot share a JVM with this module's Spark
 * 3.5.
 *
 * <p>The command's stdout and stderr go to a log file in the working folder; a command that fails
 * or hangs fails the test with that log in the message, so the job's own error is what the build
 * shows.
 */
public final class TributaryCli {
  /**
   * Far above the few seconds each command takes; only there so a hung job cannot hang the build.
   */
  private static final long TIMEOUT_MINUTES = 8;

  /** Bounded, beside this JVM's Spark, on machines whose cores and memory other builds share. */
  private static final String HEAP = "-Xmx1g";

  private final Path java;
  private final Path jar;
  private final List<String> opens;
  private final Path folder;

  private TributaryCli(Path java, Path jar, List<String> opens, Path folder) {
    this.java = java;
    this.jar = jar;
    this.opens = opens;
    this.folder = folder;
  }

  /**
   * The jar and openings this module's pom hands over ({@code tributary.cli.jar}: the cli module's
   * {@code ${build.folder}/tributary.jar}; {@code tributary.jvm.opens}: the root pom's {@code
   * jvm.opens}, the list bin/tributary also passes), running in {@code folder}, on the {@code java}
   * of {@code tributary.cli.java.home} if set (a test JVM on another JDK than the jobs support),
   * else on this JVM's.
   */
  public static TributaryCli ofBuild(Path folder) {
    Path jar = Path.of(required("tributary.cli.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no "
              + jar
              + ": package jobs/cli in the same build first (mvn verify runs "
              + "this test in the integration-test phase, after the cli module's package phase)");
    }
    String javaHome = System.getProperty("tributary.cli.java.home", "");
    Path java =
        Path.of(javaHome.isBlank() ? System.getProperty("java.home") : javaHome, "bin", "java");
    return new TributaryCli(
        java, jar, Arrays.asList(required("tributary.jvm.opens").trim().split("\\s+")), folder);
  }

  /**
   * Runs {@code tributary <arguments>} to its end; throws with the command's output if it fails.
   */
  public void run(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(opens);
    command.add(HEAP);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(arguments));
    Path log = Files.createTempFile(folder, arguments[0] + "-", ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(folder.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean ended = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!ended) {
      process.destroyForcibly().waitFor();
    }
    if (!ended || process.exitValue() != 0) {
      throw new AssertionError(
          "tributary "
              + String.join(" ", arguments)
              + (ended
                  ? " exited with " + process.exitValue()
                  : " did not end within " + TIMEOUT_MINUTES + " minutes")
              + "; its output:\n"
              + Files.readString(log));
    }
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + property + " is not set (this module's pom sets it)");
    }
    return value;
  }
}
