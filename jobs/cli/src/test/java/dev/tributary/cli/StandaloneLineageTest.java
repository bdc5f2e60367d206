package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.lineage.LineageEdge;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.embedded.junit.RedisExtension;
import dev.tributary.flink.registry.LineageStore;
import dev.tributary.triton.server.LocalTritonServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code models train}, {@code score} and {@code monitor}, each run alone on the command line as a
 * user runs them one after another (not inside the demo), record their lineage: their edges are in
 * {@code registry.lineage}, the predictions' upstream reaches the source file the backfill read
 * (through a copy by {@code models publish}), and OpenLineage events go to the configuration file's
 * {@code openlineage.target} unless {@code --openlineage} names another target.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneLineageTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private static final Instant REQUESTED_AT = Instant.parse("2001-01-01T05:00:00Z");
  private static final int REQUESTS = 24;

  @TempDir static Path folder;

  private static Path dataDir;
  private static Path staging;
  private static Path serving;
  private static Path servedDefinitions;
  private static Path configEvents;
  private static Path config;
  private static LocalTritonServer triton;

  /** The inputs of the three commands: history tables, a training table, events and requests. */
  @BeforeAll
  static void buildTheTrainingTable() throws Exception {
    dataDir = folder.resolve("data");
    staging = folder.resolve("staging");
    serving = folder.resolve("serving");
    configEvents = folder.resolve("openlineage-from-config.jsonl");
    config = folder.resolve("tributary.yaml");
    Files.writeString(config, "openlineage:\n  target: " + configEvents + "\n");
    cli("replay", defs(), "--bootstrap-servers", KAFKA.bootstrapServers(), "--to", at(6));
    FlightRequests.publish(KAFKA, REQUESTED_AT, REQUESTS);
    job("backfill", defs(), "--from", at(0), "--to", "2001-01-03T00:00:00Z");
    String trainingSet =
        CommandRun.run(
                dataDir,
                0,
                "training-set",
                defs(),
                "--model",
                "flight_delay",
                "--from",
                at(6),
                "--to",
                "2001-01-03T00:00:00Z")
            .out();
    // each view's history is small here, so each is joined in memory, and the run says so
    for (String view : List.of("origin_delays", "dest_delays", "route_delays")) {
      assertTrue(
          Pattern.compile(
                  "training-set: " + view + "__\\w+ in memory, [0-9,]+ history rows in the range\n")
              .matcher(trainingSet)
              .find(),
          view + " in\n" + trainingSet);
    }
  }

  @AfterAll
  static void stopTriton() {
    if (triton != null) {
      triton.close();
    }
  }

  @Test
  @Order(1)
  void modelsTrainRecordsTheTrainingSnapshotAndViewsOfEachVersion() throws Exception {
    cli(
        "models",
        "train",
        defs(),
        "--data-dir",
        dataDir.toString(),
        "--repository",
        staging.toString(),
        "--test-from",
        "2001-01-02",
        "--config",
        config.toString());

    String training = "table:training.flight_delay@" + trainingSnapshot();
    Set<String> edges = edges("models");
    for (long version : List.of(1L, 2L)) {
      String model = "model:flight_delay/" + version;
      assertTrue(edges.contains(training + " -> " + model), edges.toString());
      for (FeatureView view :
          examples().models().get(0).inputs().stream().map(i -> i.view()).distinct().toList()) {
        String node = "view:" + view.name() + "@" + view.version();
        assertTrue(edges.contains(node + " -> " + model), node + " in " + edges);
      }
      assertTrue(
          edges.contains(model + " -> path:" + folderOf(staging, version)), edges.toString());
    }
    assertEquals(List.of("START", "COMPLETE"), eventTypes(events(configEvents), "models"));
  }

  @Test
  @Order(2)
  void scoreRecordsTheVersionsAndOnlineValuesItScoredWith() throws Exception {
    cli(
        "models",
        "publish",
        "--from",
        staging.toString(),
        "--to",
        serving.toString(),
        "--model",
        "flight_delay");
    servedDefinitions = copyServingFrom(serving);
    triton = LocalTritonServer.start(serving, 0);
    try (OpenLineageReceiver receiver = new OpenLineageReceiver()) {
      job(
          "score",
          servedDefinitions.toString(),
          "--bootstrap-servers",
          KAFKA.bootstrapServers(),
          "--redis",
          REDIS.host() + ":" + REDIS.port(),
          "--triton",
          "localhost:" + triton.port(),
          "--bounded",
          "--checkpoint-interval",
          "1s",
          "--config",
          config.toString(),
          "--openlineage",
          receiver.url());
      assertEquals(List.of("START", "COMPLETE"), eventTypes(receiver.events(), "score"));
    }
    assertEquals(
        List.of(), eventTypes(events(configEvents), "score"), "the flag overrides the file");

    String predictions = "table:monitoring.predictions@" + snapshot("monitoring", "predictions");
    Set<String> edges = edges("score");
    for (long version : List.of(1L, 2L)) {
      assertTrue(
          edges.contains("path:" + folderOf(serving, version) + " -> " + predictions),
          edges.toString());
      assertTrue(
          edges.contains("model:flight_delay/" + version + " -> " + predictions), edges.toString());
    }
    FeatureView origin = examples().view("origin_delays").orElseThrow();
    assertTrue(
        edges.contains("redis:" + origin.versionedName() + " -> " + predictions), edges.toString());

    String upstream =
        cli(
            "lineage",
            "table:monitoring.predictions",
            "--upstream",
            "--data-dir",
            dataDir.toString());
    Path sample = Checkout.exampleDefinitions().resolve("data/flights-sample.csv.gz");
    for (String node :
        List.of(
            "<- model:flight_delay/1",
            "<- table:training.flight_delay@" + trainingSnapshot(),
            "<- view:" + origin.name() + "@" + origin.version(),
            "<- file:" + sample.toAbsolutePath().normalize() + " (size=" + Files.size(sample))) {
      assertTrue(upstream.contains(node), node + " upstream of predictions:\n" + upstream);
    }
  }

  @Test
  @Order(3)
  void monitorRecordsThePredictionsIntoEachTableItWrote() throws Exception {
    job(
        "monitor",
        servedDefinitions.toString(),
        "--model",
        "flight_delay",
        "--bootstrap-servers",
        KAFKA.bootstrapServers(),
        "--bounded",
        "--checkpoint-interval",
        "1s",
        "--config",
        config.toString());

    String predictions = "table:monitoring.predictions@" + snapshot("monitoring", "predictions");
    Set<String> edges = edges("monitor");
    List<String> written = new ArrayList<>();
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      for (TableIdentifier table : catalog.catalog().listTables(Namespace.of("monitoring"))) {
        if (!table.name().equals("predictions")) {
          Snapshot snapshot = catalog.catalog().loadTable(table).currentSnapshot();
          written.add("table:" + table + (snapshot == null ? "" : "@" + snapshot.snapshotId()));
        }
      }
    }
    assertTrue(
        written.stream().anyMatch(t -> t.startsWith("table:monitoring.model_metrics")),
        written.toString());
    assertEquals(
        new TreeSet<>(written.stream().map(table -> predictions + " -> " + table).toList()), edges);
    assertEquals(List.of("START", "COMPLETE"), eventTypes(events(configEvents), "monitor"));
  }

  /** The example definitions with the model's repository the folder published to. */
  private static Path copyServingFrom(Path repository) throws IOException {
    Path copy = folder.resolve("feature-defs");
    Path from = Checkout.exampleDefinitions();
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = copy.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else if (!file.toString().endsWith(".csv.gz")) {
          Files.copy(file, target);
        }
      }
    }
    Path models = copy.resolve("models.yaml");
    Path sources = copy.resolve("sources.yaml");
    Files.writeString(
        models,
        Files.readString(models)
            .replace("model_repository: ../triton-models", "model_repository: " + repository));
    Files.writeString(
        sources,
        Files.readString(sources)
            .replace(
                "path: data/flights-sample.csv.gz",
                "path: " + from.resolve("data/flights-sample.csv.gz").toAbsolutePath()));
    return copy;
  }

  /** The edges {@code job} recorded, as {@code from -> to}. */
  private static Set<String> edges(String job) throws IOException {
    Set<String> edges = new TreeSet<>();
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      for (LineageEdge edge : new LineageStore(catalog.catalog()).edges()) {
        if (edge.job().equals(job)) {
          edges.add(edge.from() + " -> " + edge.to());
        }
      }
    }
    assertFalse(edges.isEmpty(), job + " recorded no lineage");
    return edges;
  }

  private static long trainingSnapshot() throws IOException {
    return snapshot("training", "flight_delay");
  }

  private static long snapshot(String namespace, String table) throws IOException {
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      return catalog
          .catalog()
          .loadTable(TableIdentifier.of(namespace, table))
          .currentSnapshot()
          .snapshotId();
    }
  }

  private static Path folderOf(Path repository, long version) {
    return repository
        .resolve("flight_delay")
        .resolve(Long.toString(version))
        .toAbsolutePath()
        .normalize();
  }

  private static List<JsonNode> events(Path file) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          events.add(new ObjectMapper().readTree(line));
        }
      }
    }
    return events;
  }

  /** The event types of {@code job}'s events, in order. */
  private static List<String> eventTypes(List<JsonNode> events, String job) {
    return events.stream()
        .filter(e -> e.path("job").path("name").asText().equals(job))
        .map(e -> e.path("eventType").asText())
        .toList();
  }

  private static FeatureRepository examples() {
    return FeatureRepository.load(Checkout.exampleDefinitions());
  }

  private static String defs() {
    return Checkout.exampleDefinitions().toString();
  }

  private static String at(int hour) {
    return String.format("2001-01-01T%02d:00:00Z", hour);
  }

  /** A job command on the test's data folder and checkpoints; it must succeed. */
  private static void job(String... command) {
    CommandRun.run(dataDir, 0, command);
  }

  /** A command without the checkpoint option; it must succeed; what it printed. */
  private static String cli(String... command) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Tributary.run(new PrintWriter(out), new PrintWriter(err), command);
    assertEquals(0, code, String.join(" ", command) + "\n" + out + "\n" + err);
    return out.toString();
  }
}
