package dev.tributary.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line of {@code tributary} as its own JVM on the test's classpath: what a user runs,
 * for the commands that outlive a call ({@code cluster start}, {@code serve}).
 */
final class TributaryProcess {
  private TributaryProcess() {}

  /** {@code java [jvmOptions] -cp <test classpath> dev.tributary.cli.Tributary args...} */
  static List<String> command(List<String> jvmOptions, String... args) {
    String classpath =
        Optional.ofNullable(System.getProperty("surefire.test.class.path"))
            .orElse(System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath, Tributary.class.getName()));
    command.addAll(List.of(args));
    return command;
  }
}
