package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A command line run in process, usually on a test's data folder (local catalog and checkpoints in
 * it), its exit code checked, with what it printed.
 */
record CommandRun(String out, String err) {

  static CommandRun run(Path dataDir, int expected, String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(
        List.of(
            "--data-dir",
            dataDir.toString(),
            "--checkpoint-dir",
            dataDir.resolve("checkpoints").toString()));
    return exactly(expected, args.toArray(String[]::new));
  }

  /** Runs {@code command} as given, nothing added, and checks its exit code. */
  static CommandRun exactly(int expected, String... command) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Tributary.run(new PrintWriter(out), new PrintWriter(err), command);
    assertEquals(expected, code, out + "\n" + err);
    if (expected != 0) {
      assertNotEquals("", err.toString());
    }
    return new CommandRun(out.toString().replace("\r\n", "\n"), err.toString());
  }
}
