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

  /** The stream and the scoring append: a second run over a kept folder would double rows. */
  @Test
  void demoRefusesADataDirThatIsNotEmpty(@TempDir Path folder) throws IOException {
    Files.writeString(folder.resolve("left-over"), "x");
    assertEquals(
        1, run("demo", EXAMPLE.toString(), "--days", "3", "--data-dir", folder.toString()));
    assertTrue(
        err.toString()
            .startsWith(
                "tributary demo: --data-dir "
                    + folder
                    + " is not empty: the demo writes a fresh catalog there; give a new folder"),
        err.toString());
    assertEquals("", out.toString(), "nothing ran");
  }

  @Test
  void reportBeforeTheMonitorJobWroteAnythingSaysWhatToRun(@TempDir Path folder) {
    // the page itself, from tables a monitor job wrote: MonitorServingTest (jobs/flink)
    assertEquals(
        2,
        run(
            "report",
            EXAMPLE.toString(),
            "--model",
            "flight_delay",
            "--data-dir",
            folder.toString(),
            "--out",
            folder.resolve("report.html").toString()));
    assertTrue(
        err.toString().contains("run `tributary monitor --model flight_delay`"), err.toString());
    assertTrue(Files.notExists(folder.resolve("report.html")));
  }

  @Test
  void planWritesTheModelsPrometheusRulesAndGrafanaDashboard(@TempDir Path folder)
      throws IOException {
    Path rules = folder.resolve("rules.yml");
    Path dashboard = folder.resolve("dashboard.json");
    assertEquals(
        0,
        run(
            "plan",
            EXAMPLE.toString(),
            "--prometheus-rules",
            rules.toString(),
            "--grafana",
            dashboard.toString()),
        err.toString());
    // the content is checked against a real scrape in MonitorMetricsTest (jobs/flink)
    assertTrue(Files.readString(rules).contains("alert: FlightDelayP99Latency"));
    assertTrue(Files.readString(rules).contains("> 250000"), "250ms in µs");
    assertTrue(Files.readString(dashboard).contains("\"title\" : \"Tributary: flight_delay\""));
    assertEquals(
        2, run("plan", EXAMPLE.toString(), "--grafana", dashboard.toString(), "--model", "nope"));
    assertTrue(err.toString().contains("no model 'nope'"), err.toString());
  }

  @Test
  void planNamesTablesAndKeysWithTheViewVersion() {
    assertEquals(0, run("plan", EXAMPLE.toString()), err.toString());
    var origin = FeatureRepository.load(EXAMPLE).view("origin_delays").orElseThrow();
    String version = origin.version();
    String plan = out.toString();
    assertTrue(plan.contains("features.origin_delays__" + version), plan);
    String section = dev.tributary.core.online.OnlineRecordCodec.of(origin).viewIdHex();
    assertTrue(
        plan.matches(
            "(?s).*origin_delays__" + version + " +\\{<airport>} +section " + section + ".*"),
        plan);
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
  void scoreTakesARequestsFileOnlyForItsEmbeddedKafka() {
    assertEquals(2, run("score", EXAMPLE.toString(), "--requests-file", "requests.json"));
    assertTrue(
        err.toString().contains("--requests-file publishes to the embedded Kafka: add --embedded"),
        err.toString());
  }

  @Test
  void monitorNamesTheModelsDefinedAndNeedsKafka() {
    assertEquals(2, run("monitor", EXAMPLE.toString(), "--model", "no_such_model"));
    assertTrue(
        err.toString().contains("no model 'no_such_model'")
            && err.toString().contains("flight_delay"),
        err.toString());
    assertEquals(2, run("monitor", EXAMPLE.toString(), "--model", "flight_delay"));
    assertTrue(
        err.toString()
            .contains(
                "give --bootstrap-servers (or kafka.bootstrap-servers in --config), or --embedded"),
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

  @Test
  void modelsTrainWithoutATrainingTableSaysWhichCommandBuildsIt(@TempDir Path folder) {
    assertEquals(
        1,
        run(
            "models",
            "train",
            EXAMPLE.toString(),
            "--data-dir",
            folder.toString(),
            "--repository",
            folder.resolve("staging").toString(),
            "--test-from",
            "2001-01-11"));
    String line = err.toString();
    assertTrue(
        line.startsWith(
            "tributary models train: training table training.flight_delay does not exist: build it"
                + " with 'tributary training-set <definitions> --model flight_delay"),
        line);
    assertTrue(!line.contains("\tat "), line);
  }

  @Test
  void demoFullWithoutTheFileSaysWhereItLookedAndWhatToPass(@TempDir Path folder)
      throws IOException {
    // a copy far from the checkout, whose folders above may hold shared/data
    Path definitions = folder.resolve("feature-defs");
    for (Path tree : List.of(EXAMPLE, EXAMPLE.resolveSibling("triton-models"))) {
      try (var files = Files.walk(tree)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Files.copy(
              file,
              folder
                  .resolve(tree.getFileName().toString())
                  .resolve(tree.relativize(file).toString()));
        }
      }
    }
    assertEquals(1, run("demo", definitions.toString(), "--full"));
    assertTrue(
        err.toString().contains("--full: no shared/data/flights-3m.parquet"), err.toString());
    assertTrue(err.toString().contains("pass --data FILE"), err.toString());
  }

  /**
   * A catalog password on the command line is a reference, resolved when the catalog is opened; a
   * literal one is refused without being echoed (it would show in ps, the shell's history and a
   * Kubernetes manifest).
   */
  @Test
  void aSecretCatalogPropertyIsAResolvedReferenceNeverALiteral(@TempDir Path folder)
      throws Exception {
    Path secret = folder.resolve("catalog-password");
    Files.writeString(secret, "pg-Secret-5e1b\n");
    picocli.CommandLine.ParseResult parsed =
        new picocli.CommandLine(new Tributary())
            .parseArgs(
                "materialize",
                EXAMPLE.toString(),
                "--catalog-property",
                "uri=jdbc:postgresql://db/iceberg",
                "--catalog-property",
                "jdbc.password=${file:" + secret + "}");
    MaterializeCommand materialize =
        (MaterializeCommand) parsed.subcommand().commandSpec().userObject();
    assertEquals(
        java.util.Map.of("uri", "jdbc:postgresql://db/iceberg", "jdbc.password", "pg-Secret-5e1b"),
        materialize.catalog.config().properties());

    assertEquals(
        2,
        run(
            "materialize",
            EXAMPLE.toString(),
            "--bootstrap-servers",
            "localhost:1",
            "--catalog-property",
            "jdbc.password=pg-Secret-5e1b"));
    assertTrue(
        err.toString()
            .contains("--catalog-property jdbc.password= takes a reference, not the secret itself"),
        err.toString());
    assertTrue(!(out.toString() + err).contains("pg-Secret-5e1b"), "the password is not echoed");
  }
}
