package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
  private static final Path EXAMPLE = Checkout.exampleDefinitions();

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Tributary.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void validateAcceptsTheExample() {
    assertEquals(0, run("validate", EXAMPLE.toString()), err.toString());
    assertTrue(
        out.toString().contains(": OK: 2 entities, 2 sources, 3 feature views"), out.toString());
  }

  @Test
  void validateReportsEveryProblemWithItsPlaceAndExitsNonZero(@TempDir Path folder)
      throws IOException {
    Files.writeString(
        folder.resolve("bad.yaml"),
        """
        entities:
          - name: Airport
            keys: {airport: strin}
        """);
    assertEquals(1, run("validate", folder.toString()));
    String problems = err.toString();
    assertTrue(
        problems.contains(
            folder.resolve("bad.yaml") + ":2:11: entity name 'Airport' is not allowed"),
        problems);
    assertTrue(problems.contains(":3:21: unknown type 'strin' of entity key 'airport'"), problems);
    assertTrue(problems.contains("2 problems in " + folder + ": nothing was run"), problems);
  }

  @Test
  void planNamesTablesAndKeysWithTheViewVersion() {
    assertEquals(0, run("plan", EXAMPLE.toString()), err.toString());
    String version = FeatureRepository.load(EXAMPLE).view("origin_delays").orElseThrow().version();
    String plan = out.toString();
    assertTrue(plan.contains("features.origin_delays__" + version), plan);
    assertTrue(plan.contains("origin_delays__" + version + ":{*}"), plan);
    assertTrue(plan.contains("ops.dead_letters"), plan);
    assertTrue(plan.contains("last_delays_5        list<long>"), plan);
    assertTrue(plan.contains("tributary.dead_letters"), plan);
    for (var view : FeatureRepository.load(EXAMPLE).views()) {
      assertTrue(plan.contains("features." + view.versionedName()), view.name() + " in\n" + plan);
      for (var feature : view.features()) {
        assertTrue(plan.contains(feature.name()), feature.name() + " in\n" + plan);
      }
    }
  }

  @Test
  void serveNeedsARedisAddressOfTheFormHostPort() {
    assertEquals(2, run("serve", EXAMPLE.toString()));
    assertTrue(err.toString().contains("give --redis HOST:PORT, or --embedded"), err.toString());
    assertEquals(1, run("serve", EXAMPLE.toString(), "--redis", "localhost"));
    assertTrue(
        err.toString().contains("tributary serve: --redis needs HOST:PORT with a port in 1..65535"),
        err.toString());
  }

  @Test
  void demoFailsBeforeRunningAnythingOnBrokenDefinitions(@TempDir Path folder) throws IOException {
    Files.writeString(
        folder.resolve("views.yaml"), "feature_views: [{name: v, entity: e, source: s}]\n");
    assertEquals(1, run("demo", folder.toString()));
    assertTrue(err.toString().contains("unknown entity 'e'"), err.toString());
    try (var files = Files.list(folder)) {
      assertEquals(List.of(folder.resolve("views.yaml")), files.toList(), "nothing written");
    }
  }

  @Test
  void aMissingFileIsOneLineThatSaysWhatToDoAndTheTraceOnlyWithVerbose(@TempDir Path folder) {
    String missing = folder.resolve("no-such-flights.csv").toString();
    String[] args = {
      "backfill",
      EXAMPLE.toString(),
      "--files",
      "flights=" + missing,
      "--from",
      "2001-01-01T00:00:00Z",
      "--to",
      "2001-01-02T00:00:00Z"
    };
    assertEquals(1, run(args));
    String lines = err.toString();
    assertTrue(lines.startsWith("tributary backfill: " + missing + ": no such file"), lines);
    assertTrue(!lines.contains("\tat "), "no stack trace without --verbose:\n" + lines);
    assertTrue(lines.contains("--verbose"), lines);

    err.getBuffer().setLength(0);
    String[] verbose = java.util.Arrays.copyOf(args, args.length + 1);
    verbose[args.length] = "--verbose";
    assertEquals(1, run(verbose));
    assertTrue(err.toString().contains("\tat "), "stack trace with --verbose:\n" + err);
  }
}
