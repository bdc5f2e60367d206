package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.lineage.LineageGraph;
import dev.tributary.core.plan.HistoryTables;
import dev.tributary.core.score.TrafficSplit;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.flink.iceberg.TrainingColumns;
import dev.tributary.flink.registry.LineageStore;
import dev.tributary.triton.client.InferRequest;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.server.LocalTritonServer;
import dev.tributary.triton.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary demo --days 3 --data-dir DIR}: the README's first command on a reduced range,
 * through the command line itself, then each step's outcome read back from what it kept: history
 * tables (one row per change point, the backfill's before the cut and the stream's after), the
 * training table, two model versions traced to its snapshot and served, predictions routed by the
 * split in force before and after the change, quality per version, 0 consistency differences and
 * the report page. {@code models train} then retrains from the same table.
 */
class DemoCommandTest {
  /** The range the demo runs on with --days 3. */
  private static final DemoStory.Range RANGE =
      DemoStory.Range.of(java.time.Instant.parse("2001-01-01T00:00:00Z"), 3);

  @TempDir static Path dataDir;

  private static String output;
  private static String errors;
  private static int exit;
  private static List<JsonNode> openLineage;

  @BeforeAll
  static void runTheDemo() throws Exception {
    try (OpenLineageReceiver receiver = new OpenLineageReceiver()) {
      runTheDemo(receiver.url());
      openLineage = receiver.events();
    }
  }

  private static void runTheDemo(String openLineageUrl) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    exit =
        Tributary.run(
            new PrintWriter(out),
            new PrintWriter(err),
            "demo",
            Checkout.exampleDefinitions().toString(),
            "--days",
            "3",
            "--data-dir",
            dataDir.toString(),
            "--openlineage",
            openLineageUrl);
    output = out.toString();
    errors = err.toString();
    System.out.println(output); // the build log shows what the demo printed
  }

  @Test
  void theStoryRunsToTheEndWithEveryCheckPassing() {
    assertEquals(0, exit, output + errors);
    for (String step :
        List.of("1. ", "2. ", "3. ", "4. ", "5. ", "6. ", "7. ", "8. ", "9. ", "10. ")) {
      assertTrue(output.contains("\n" + step) || output.startsWith(step), step + "\n" + output);
    }
    assertTrue(output.contains("Kafka    localhost:") || output.contains("Kafka    "), output);
    assertTrue(output.contains("Triton   grpc://127.0.0.1:"), output);
    assertTrue(output.contains("Online/offline differences: 0 ("), output);
    assertTrue(output.contains("| version 1 (") && output.contains("| version 2 ("), output);
    assertTrue(output.contains("A/B verdict: "), output);
    assertTrue(!output.contains("DIFFER"), output);
  }

  /**
   * Each change point has exactly one row: the backfill's before the cut (the history's end), the
   * streaming job's from it on.
   */
  @Test
  void theBackfillAndTheStreamEachWriteTheirSideOfTheCutOnce() throws Exception {
    FeatureRepository repository = FeatureRepository.load(Checkout.exampleDefinitions());
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      for (FeatureView view : repository.views()) {
        List<String> keys = new java.util.ArrayList<>();
        view.entity().keys().forEach(column -> keys.add(column.name()));
        java.util.Set<String> changePoints = new java.util.HashSet<>();
        long backfilled = 0;
        long streamed = 0;
        for (Record row :
            rows(catalog, TableIdentifier.of(HistoryTables.NAMESPACE, view.versionedName()))) {
          long validFrom = millis(row.getField(HistoryTables.VALID_FROM));
          String jobId = (String) row.getField(HistoryTables.JOB_ID);
          StringBuilder changePoint = new StringBuilder();
          keys.forEach(key -> changePoint.append(row.getField(key)).append('|'));
          assertTrue(
              changePoints.add(changePoint.append(validFrom).toString()),
              view.versionedName() + ": two rows for " + changePoint);
          if (validFrom < RANGE.historyEnd()) {
            assertTrue(jobId.startsWith("demo-backfill-"), jobId + " before the cut");
            backfilled++;
          } else {
            assertEquals("demo", jobId, "from the cut on");
            streamed++;
          }
        }
        assertTrue(backfilled > 1000, view.versionedName() + " backfilled " + backfilled);
        assertTrue(streamed > 500, view.versionedName() + " streamed " + streamed);
      }
    }
  }

  /**
   * Every request became a prediction, routed by the split in force at its request time as
   * recomputed here: the definitions' 90/10 before the middle, the 50/50 of 'split set' after.
   */
  @Test
  void predictionsFollowTheSplitSetBeforeAndAfterTheChange() throws Exception {
    FeatureRepository repository = FeatureRepository.load(Checkout.exampleDefinitions());
    Scoring scoring = repository.scorings().get(0);
    long requestsEnd = RANGE.requestsEnd(scoring.model().monitoring().labelWait().toMillis());
    long middle = RANGE.historyEnd() + (requestsEnd - RANGE.historyEnd()) / 2;
    middle -= middle % 3_600_000L;
    TrafficSplit before =
        new TrafficSplit("x", Long.MIN_VALUE, new java.util.TreeMap<>(scoring.trafficSplit()));
    TrafficSplit after =
        new TrafficSplit("y", middle, new java.util.TreeMap<>(java.util.Map.of(1L, 50, 2L, 50)));
    long[] versionTwo = new long[2];
    long[] total = new long[2];
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      for (Record row : rows(catalog, TableIdentifier.of("monitoring", "predictions"))) {
        long requestTime = millis(row.getField("request_time"));
        assertTrue(requestTime >= RANGE.historyEnd() && requestTime < requestsEnd, row.toString());
        int half = requestTime < middle ? 0 : 1;
        TrafficSplit split = half == 0 ? before : after;
        assertEquals(scoring.name() + "#" + half, row.getField("split_id"), row.toString());
        long version = (Long) row.getField("version_chosen");
        assertEquals(
            split.route((String) row.getField("routing_key"), scoring.name()),
            version,
            row.toString());
        assertEquals(version, row.getField("version_served"));
        total[half]++;
        versionTwo[half] += version == 2 ? 1 : 0;
      }
    }
    assertTrue(total[0] > 1000 && total[1] > 1000, java.util.Arrays.toString(total));
    double shareBefore = (double) versionTwo[0] / total[0];
    double shareAfter = (double) versionTwo[1] / total[1];
    assertTrue(shareBefore > 0.02 && shareBefore < 0.3, "90/10: " + shareBefore);
    assertTrue(shareAfter > 0.3 && shareAfter < 0.7, "50/50: " + shareAfter);
  }

  /**
   * Scored beside the paced stream: no prediction read a feature as of a time after its request,
   * and every input held each flight of its entity before the request's step (the requests made in
   * [B, B + step) are scored once Redis holds the flights before B): its logged as-of is after the
   * entity's newest flight before B, or the value it logged is the entity's value with that flight
   * (the history table's, which the demo checked against the core; an event that changes no value
   * is not published again). Scoring after the whole stream fails the first, scoring without
   * waiting on Redis the second.
   */
  @Test
  void everyPredictionReadItsFeaturesAsOfItsStepAndNeverTheFuture() throws Exception {
    FeatureRepository repository = FeatureRepository.load(Checkout.exampleDefinitions());
    Scoring scoring = repository.scorings().get(0);
    dev.tributary.core.defs.Source flights =
        repository.sources().stream().filter(s -> s.name().equals("flights")).findFirst().get();
    java.util.Map<String, dev.tributary.core.view.ViewProgram> programs = new java.util.HashMap<>();
    java.util.Map<
            String, java.util.Map<String, java.util.List<dev.tributary.core.window.ChangePoint>>>
        history = new java.util.HashMap<>();
    java.util.Map<String, java.util.Map<String, java.util.TreeSet<Long>>> eventTimes =
        new java.util.HashMap<>();
    java.util.List<dev.tributary.core.records.ParsedEvent> events = new java.util.ArrayList<>();
    try (dev.tributary.io.file.EventIterator iterator =
        dev.tributary.io.file.EventFileReader.of(flights).open()) {
      while (iterator.hasNext()) {
        if (iterator.next() instanceof dev.tributary.core.records.ParsedEvent event) {
          events.add(event);
        }
      }
    }
    List<Record> predictions;
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      for (FeatureView view : repository.views()) {
        dev.tributary.core.view.ViewProgram program = dev.tributary.core.view.ViewProgram.of(view);
        programs.put(view.name(), program);
        history.put(
            view.name(),
            dev.tributary.flink.iceberg.HistoryTableScan.read(catalog.catalog(), program));
        java.util.Map<String, java.util.TreeSet<Long>> times = new java.util.HashMap<>();
        for (dev.tributary.core.records.ParsedEvent event : events) {
          program
              .extract(event.row(), event.eventTime())
              .ifPresent(
                  input ->
                      times
                          .computeIfAbsent(input.encodedKey(), k -> new java.util.TreeSet<>())
                          .add(event.eventTime()));
        }
        eventTimes.put(view.name(), times);
      }
      predictions = rows(catalog, TableIdentifier.of("monitoring", "predictions"));
    }
    dev.tributary.core.types.RowSchema schema = flights.schema();
    long checked = 0;
    long unchangedByNewest = 0;
    for (Record row : predictions) {
      long requestTime = millis(row.getField("request_time"));
      long stepStart =
          RANGE.historyEnd()
              + (requestTime - RANGE.historyEnd()) / DemoStory.STEP_MILLIS * DemoStory.STEP_MILLIS;
      JsonNode request = new ObjectMapper().readTree((String) row.getField("request"));
      Object[] flight = new Object[schema.size()];
      for (int c = 0; c < schema.size(); c++) {
        String column = schema.column(c).name();
        flight[c] = request.path(column).isTextual() ? request.path(column).asText() : (Object) 0L;
      }
      List<?> features = (List<?>) row.getField("features");
      List<?> values = (List<?>) row.getField("feature_values");
      List<?> asOfs = (List<?>) row.getField("feature_as_of");
      for (int i = 0; i < features.size(); i++) {
        String[] input = ((String) features.get(i)).split("\\.");
        dev.tributary.core.view.ViewProgram program = programs.get(input[0]);
        String key = program.extract(flight, requestTime).orElseThrow().encodedKey();
        Long newest =
            eventTimes.get(input[0]).getOrDefault(key, new java.util.TreeSet<>()).lower(stepStart);
        String what = row.getField("request_id") + " " + features.get(i) + " of " + key;
        if (asOfs.get(i) == null) {
          assertTrue(newest == null, what + ": nothing read, yet a flight at " + newest);
          continue;
        }
        long asOf = millis(asOfs.get(i));
        assertTrue(asOf <= requestTime, what + ": as of " + asOf + " after " + requestTime);
        if (newest != null && asOf <= newest) {
          int feature = 0;
          while (!program.view().features().get(feature).name().equals(input[1])) {
            feature++;
          }
          Object expected = valueAt(history.get(input[0]).get(key), newest + 1, feature);
          assertEquals(
              expected == null ? null : ((Number) expected).doubleValue(),
              values.get(i),
              what + ": as of " + asOf + ", before its flight at " + newest);
          unchangedByNewest++;
        }
        checked++;
      }
    }
    assertTrue(checked > 10_000, "inputs checked: " + checked);
    System.out.println(
        "inputs checked: "
            + checked
            + ", of which as of before (and unchanged by) their newest"
            + " flight: "
            + unchangedByNewest);
  }

  private static Object valueAt(
      List<dev.tributary.core.window.ChangePoint> rows, long asOf, int feature) {
    Object value = null;
    for (dev.tributary.core.window.ChangePoint row :
        rows == null ? List.<dev.tributary.core.window.ChangePoint>of() : rows) {
      if (row.validFrom() > asOf) {
        break;
      }
      value = row.values()[feature];
    }
    return value;
  }

  /** The monitor job's quality since start for both versions, the consistency check's 0. */
  @Test
  void monitoringHasQualityPerVersionAndConsistencyFindsNoDifference() throws Exception {
    java.util.Map<String, Double> auc = new java.util.TreeMap<>();
    long compared = 0;
    long different = 0;
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      for (Record row : rows(catalog, TableIdentifier.of("monitoring", "model_metrics"))) {
        if ("SINCE_START".equals(row.getField("granularity")) && row.getField("auc") != null) {
          auc.put((String) row.getField("version"), (Double) row.getField("auc"));
        }
      }
      for (Record row : rows(catalog, TableIdentifier.of("monitoring", "consistency"))) {
        compared += (Long) row.getField("compared");
        different += (Long) row.getField("different");
      }
    }
    assertEquals(java.util.Set.of("1", "2"), auc.keySet(), auc.toString());
    auc.values().forEach(value -> assertTrue(value > 0.5 && value <= 1.0, auc.toString()));
    assertTrue(compared > 10_000, "compared " + compared);
    assertEquals(0, different);
  }

  /**
   * Drift of every input against the training baseline, latency and the A/B test per version, as
   * the monitor job wrote them, and the closing table printing them instead of '-'.
   */
  @Test
  void monitoringHasDriftLatencyAndTheAbTestAndTheTableShowsThem() throws Exception {
    java.util.Map<String, java.util.Set<String>> driftedInputs = new java.util.TreeMap<>();
    java.util.Set<String> latencyVersions = new java.util.TreeSet<>();
    long looks = 0;
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      for (Record row : rows(catalog, TableIdentifier.of("monitoring", "drift"))) {
        driftedInputs
            .computeIfAbsent((String) row.getField("version"), v -> new java.util.TreeSet<>())
            .add((String) row.getField("feature"));
      }
      for (Record row : rows(catalog, TableIdentifier.of("monitoring", "latency"))) {
        latencyVersions.add((String) row.getField("version"));
      }
      for (Record row : rows(catalog, TableIdentifier.of("monitoring", "ab_tests"))) {
        looks++;
      }
    }
    assertEquals(java.util.Set.of("1", "2"), driftedInputs.keySet(), driftedInputs.toString());
    // the 11 inputs against training.flight_delay__stats, and the score against the version's
    // held-out scores in its metadata.json
    driftedInputs
        .values()
        .forEach(
            inputs -> {
              assertEquals(12, inputs.size(), inputs.toString());
              assertTrue(inputs.contains("score"), inputs.toString());
            });
    assertEquals(java.util.Set.of("1", "2"), latencyVersions);
    assertTrue(looks > 0, "A/B looks");
    assertTrue(!output.contains("A/B verdict: -"), output);
    assertTrue(!output.contains("Most drifted input features (PSI): -"), output);
    assertTrue(output.matches("(?s).*\\| version 1 \\(.*[0-9.]+ ms \\| [0-9.]+ \\|.*"), output);
  }

  @Test
  void theReportPageIsWrittenWhereTheDemoSays() throws Exception {
    Path page = dataDir.resolve("report.html");
    assertTrue(output.contains(page.toAbsolutePath().toString()), output);
    String html = java.nio.file.Files.readString(page);
    assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 100));
    assertTrue(html.contains("id=\"report-data\""), "the page carries its data");
    assertTrue(html.contains("\"version\":\"2\""), "windows of version 2 in the data");
  }

  private static List<Record> rows(LocalIcebergCatalog catalog, TableIdentifier id)
      throws java.io.IOException {
    List<Record> rows = new java.util.ArrayList<>();
    try (org.apache.iceberg.io.CloseableIterable<Record> read =
        org.apache.iceberg.data.IcebergGenerics.read(catalog.catalog().loadTable(id)).build()) {
      read.forEach(row -> rows.add(row.copy()));
    }
    return rows;
  }

  private static long millis(Object timestamp) {
    return ((java.time.OffsetDateTime) timestamp).toInstant().toEpochMilli();
  }

  @Test
  void bothVersionsAreTrainedFromTheTrainingTableSnapshotAndServed() throws Exception {
    long snapshot = trainingSnapshot();
    Path repository = dataDir.resolve("triton-models");
    for (String version : List.of("1", "2")) {
      JsonNode lineage =
          new ObjectMapper()
              .readTree(repository.resolve("flight_delay/" + version + "/metadata.json").toFile())
              .path("lineage");
      assertEquals(snapshot, lineage.path("training_snapshot_id").asLong(), lineage.toString());
      assertEquals("training.flight_delay", lineage.path("training_table").asText());
      FeatureView origin =
          FeatureRepository.load(Checkout.exampleDefinitions()).view("origin_delays").get();
      assertEquals(
          origin.versionedName(),
          lineage.path("view_versions").path("origin_delays").asText(),
          lineage.toString());
      assertTrue(lineage.path("train_rows").asInt() > 1000, lineage.toString());
      assertTrue(lineage.path("test_rows").asInt() > 1000, lineage.toString());
      assertTrue(
          output.contains(
              "published and loaded flight_delay version "
                  + version
                  + ": READY; metadata.json names training snapshot "
                  + snapshot),
          output);
    }
    try (LocalTritonServer server = LocalTritonServer.start(repository, 0);
        TritonClient client =
            TritonClient.builder().endpoint("127.0.0.1:" + server.port()).build()) {
      float[] missing = new float[11];
      java.util.Arrays.fill(missing, Float.NaN);
      for (long version : List.of(1L, 2L)) {
        float[] late =
            client
                .infer(
                    InferRequest.builder("flight_delay")
                        .version(version)
                        .input(Tensor.ofFp32s("input", new long[] {1, 11}, missing))
                        .build())
                .output("output")
                .asFloats();
        assertEquals(2, late.length);
        assertEquals(1.0, late[0] + late[1], 1e-5);
      }
    }
  }

  @Test
  void modelsTrainRetrainsFromTheSameTable() throws Exception {
    Path staging = dataDir.resolve("retrained");
    String out =
        CommandRun.exactly(
                0,
                "models",
                "train",
                Checkout.exampleDefinitions().toString(),
                "--data-dir",
                dataDir.toString(),
                "--repository",
                staging.toString(),
                "--test-from",
                "2001-01-02")
            .out();
    long snapshot = trainingSnapshot();
    assertTrue(out.contains("training.flight_delay@" + snapshot), out);
    for (String version : List.of("1", "2")) {
      // same snapshot, same rows in the same order, same seed: the same held-out figures
      assertEquals(
          metadata(dataDir.resolve("triton-models").resolve("flight_delay/" + version))
              .path("held_out_metrics"),
          metadata(staging.resolve("flight_delay/" + version)).path("held_out_metrics"));
    }
  }

  /**
   * The lineage table leads from every prediction back to the sample file the backfill read,
   * through the view versions, history and training snapshots and the model versions with their
   * folders.
   */
  @Test
  void lineageLeadsFromThePredictionsBackToTheSourceFile() throws Exception {
    LineageGraph graph;
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      graph = new LineageStore(catalog.catalog()).graph();
    }
    long training = trainingSnapshot();
    FeatureView origin =
        FeatureRepository.load(Checkout.exampleDefinitions()).view("origin_delays").orElseThrow();
    List<String> predictions = graph.nodes("table:monitoring.predictions");
    assertEquals(1, predictions.size(), predictions.toString());
    java.util.Set<String> upstream = graph.reachable(predictions.get(0), true);
    Path sample = Checkout.exampleDefinitions().resolve("data/flights-sample.csv.gz");
    String file = "file:" + sample.toAbsolutePath().normalize();
    String model = "model:flight_delay/1";
    String folder = "path:" + dataDir.resolve("triton-models/flight_delay/1").toAbsolutePath();
    for (String node :
        List.of(
            file,
            "view:" + origin.name() + "@" + origin.version(),
            "table:training.flight_delay@" + training,
            model,
            folder)) {
      assertTrue(upstream.contains(node), node + " not upstream of predictions: " + upstream);
    }
    assertTrue(
        upstream.stream()
            .anyMatch(n -> n.startsWith("table:features." + origin.versionedName() + "@")),
        upstream.toString());
    assertTrue(graph.reachable(file, false).contains(predictions.get(0)));

    String out =
        CommandRun.exactly(0, "lineage", model, "--upstream", "--data-dir", dataDir.toString())
            .out();
    assertTrue(out.contains("<- table:training.flight_delay@" + training), out);
    assertTrue(out.contains(file + " (size=" + java.nio.file.Files.size(sample)), out);
  }

  /** Each job's run reached the endpoint as START then COMPLETE, naming what it read and wrote. */
  @Test
  void everyJobSentOpenLineageEventsWithItsInputsAndOutputs() throws Exception {
    java.util.Map<String, JsonNode> complete = new java.util.TreeMap<>();
    java.util.Set<String> started = new java.util.TreeSet<>();
    for (JsonNode event : openLineage) {
      String job = event.path("job").path("name").asText();
      assertEquals("tributary", event.path("job").path("namespace").asText());
      if (event.path("eventType").asText().equals("START")) {
        started.add(job);
      } else if (event.path("eventType").asText().equals("COMPLETE")) {
        assertTrue(started.contains(job), job + " completed before it started");
        complete.put(job, event);
      }
    }
    assertEquals(
        java.util.Set.of("backfill", "materialize", "models", "monitor", "score", "training-set"),
        complete.keySet());
    FeatureView origin =
        FeatureRepository.load(Checkout.exampleDefinitions()).view("origin_delays").orElseThrow();
    String history = "features." + origin.versionedName();
    assertDatasets(complete.get("backfill"), "inputs", "file", "flights-sample.csv.gz");
    assertDatasets(complete.get("backfill"), "outputs", "iceberg://tributary", history);
    assertDatasets(complete.get("materialize"), "inputs", "kafka://", "flights");
    assertDatasets(complete.get("materialize"), "outputs", "iceberg://tributary", history);
    assertDatasets(complete.get("training-set"), "inputs", "iceberg://tributary", history);
    JsonNode training =
        assertDatasets(
            complete.get("training-set"),
            "outputs",
            "iceberg://tributary",
            "training.flight_delay");
    assertEquals(
        Long.toString(trainingSnapshot()),
        training.path("facets").path("version").path("datasetVersion").asText());
    assertDatasets(
        complete.get("models"), "inputs", "iceberg://tributary", "training.flight_delay");
    assertDatasets(complete.get("models"), "outputs", "file", "flight_delay/2");
    assertDatasets(complete.get("score"), "inputs", "file", "flight_delay/1");
    assertDatasets(
        complete.get("score"), "outputs", "iceberg://tributary", "monitoring.predictions");
    assertDatasets(
        complete.get("monitor"), "inputs", "iceberg://tributary", "monitoring.predictions");
    assertDatasets(
        complete.get("monitor"), "outputs", "iceberg://tributary", "monitoring.model_metrics");
  }

  /** The dataset of {@code side} whose namespace and name start and end as given. */
  private static JsonNode assertDatasets(
      JsonNode event, String side, String namespacePrefix, String nameEnd) {
    for (JsonNode dataset : event.path(side)) {
      if (dataset.path("namespace").asText().startsWith(namespacePrefix)
          && dataset.path("name").asText().endsWith(nameEnd)) {
        return dataset;
      }
    }
    throw new AssertionError(
        event.path("job").path("name").asText()
            + " "
            + side
            + " has no "
            + namespacePrefix
            + " .."
            + nameEnd
            + ": "
            + event.path(side));
  }

  private static JsonNode metadata(Path versionFolder) throws java.io.IOException {
    return new ObjectMapper().readTree(versionFolder.resolve("metadata.json").toFile());
  }

  private static long trainingSnapshot() throws Exception {
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      return catalog
          .catalog()
          .loadTable(TableIdentifier.of(TrainingColumns.NAMESPACE, "flight_delay"))
          .currentSnapshot()
          .snapshotId();
    }
  }
}
