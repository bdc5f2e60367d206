package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tributary replay} as a user meets it: help, and errors that say what to change. */
class ReplayCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Tributary.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void helpListsEveryOption() {
    assertEquals(0, run("replay", "--help"), err.toString());
    String help = out.toString();
    for (String option :
        new String[] {
          "--source",
          "--bootstrap-servers",
          "--topic",
          "--input",
          "--format",
          "--order",
          "--speed",
          "--limit",
          "--from",
          "--to",
          "--producer-config"
        }) {
      assertTrue(help.contains(option), option + " in\n" + help);
    }
    assertTrue(help.contains("Usage: tributary replay"), help);
  }

  @Test
  void theTopLevelHelpNamesTheCommand() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("replay"), out.toString());
  }

  @Test
  void requiresTheBootstrapServers() {
    assertEquals(2, run("replay", Checkout.exampleDefinitions().toString()));
    assertTrue(
        err.toString().contains("give --bootstrap-servers, or kafka.bootstrap-servers in --config"),
        err.toString());
  }

  @Test
  void namesTheSourcesWhenTheOneAskedForDoesNotExist() {
    assertEquals(
        1,
        run(
            "replay",
            Checkout.exampleDefinitions().toString(),
            "--source",
            "flight",
            "--bootstrap-servers",
            "x:1"));
    assertEquals(
        "replay: no source 'flight' in "
            + Checkout.exampleDefinitions()
            + "; sources: [flights, flight_requests]",
        err.toString().strip());
  }

  @Test
  void rejectsAnUnknownOrder() {
    assertEquals(
        1,
        run(
            "replay",
            Checkout.exampleDefinitions().toString(),
            "--order",
            "random",
            "--bootstrap-servers",
            "x:1"));
    assertEquals(
        "replay: --order must be event-time or file, got 'random'", err.toString().strip());
  }

  @Test
  void reportsABrokerThatDoesNotAnswer(@TempDir Path folder) throws IOException {
    Path config = Files.writeString(folder.resolve("producer.properties"), "max.block.ms=500\n");
    assertEquals(
        1,
        run(
            "replay",
            Checkout.exampleDefinitions().toString(),
            "--order",
            "file",
            "--bootstrap-servers",
            "127.0.0.1:1",
            "--producer-config",
            config.toString()));
    assertTrue(
        err.toString().contains("replay: cannot publish to topic 'flights' on 127.0.0.1:1: "),
        err.toString());
  }
}
