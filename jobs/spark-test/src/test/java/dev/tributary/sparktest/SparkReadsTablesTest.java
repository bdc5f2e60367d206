package dev.tributary.sparktest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.Model;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.plan.HistoryTables;
import dev.tributary.core.plan.PlannedColumn;
import dev.tributary.core.training.Spine;
import dev.tributary.core.types.Column;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark SQL reads the tables the Flink jobs wrote and gets exactly their rows. Into the embedded
 * JDBC catalog (SQLite) of a temporary data folder, each run by the CLI's jar in a child JVM
 * ({@link TributaryCli}) before Spark starts: {@code tributary demo} streams a day of flights
 * through Kafka into the history tables, {@code tributary backfill} then rewrites that day of one
 * of them, and {@code tributary training-set} writes a training table. A local Spark 3.5 session
 * with the catalog settings of docs/querying.md ({@link SparkTables}) reads them, and every row
 * must equal, key by key and value by value (instants, doubles, longs, booleans, lists), what the
 * core computes for the same flights ({@link ExpectedRows}).
 */
class SparkReadsTablesTest {
  /**
   * Written by the demo: three days of flights by event time, the first two by its backfill and the
   * rest by its streaming job; all of dest_delays' features exact (no sketches).
   */
  private static final String STREAMED_VIEW = "dest_delays";

  /** The demo's cut with --days 3: the backfill's end, where the streaming job's rows start. */
  private static final String DEMO_CUT = "2001-01-03T00:00:00Z";

  // every flight known before the end: early departures of the first morning are on Dec 31
  private static final String STREAMED_FROM = "2000-12-31T00:00:00Z";
  private static final String STREAMED_TO = "2001-01-04T00:00:00Z";

  /** A day of route_delays history: keys of two columns, longs, doubles and a last_n list. */
  private static final String HISTORY_VIEW = "route_delays";

  private static final String HISTORY_FROM = "2001-01-01T00:00:00Z";
  private static final String HISTORY_TO = "2001-01-02T00:00:00Z";

  /**
   * Six hours of flight_delay spine rows: timestamps, longs, strings, a boolean label, 11 features.
   */
  private static final String MODEL = "flight_delay";

  private static final String TRAINING_SET = "flights_spark";
  private static final String TRAINING_FROM = "2001-01-02T00:00:00Z";
  private static final String TRAINING_TO = "2001-01-02T06:00:00Z";

  /**
   * Every event before both ranges' ends: the sample is sorted by scheduled time, not by departure.
   */
  private static final String FLIGHTS_SCHEDULED_BEFORE = "2001-01-04T12";

  /**
   * Requests the score job scores from a file: one prediction row each in monitoring.predictions.
   */
  private static final int REQUESTS = 300;

  private static final String SCORING = "flight_delay_live";
  private static final Instant REQUESTED_AT = Instant.parse("2001-01-02T10:00:00Z");

  @TempDir static Path folder;
  private static FeatureRepository definitions;
  private static ExpectedRows expected;
  private static SparkTables spark;

  @BeforeAll
  static void writeTablesWithTheJobsThenStartSpark() throws Exception {
    Path featureDefs =
        Path.of(System.getProperty("tributary.repo.root", "../..")).resolve("feature-defs");
    String dataDir = folder.resolve("data").toString();
    TributaryCli cli = TributaryCli.ofBuild(folder);
    cli.run("demo", featureDefs.toString(), "--days", "3", "--data-dir", dataDir);
    cli.run(
        "backfill",
        featureDefs.toString(),
        "--view",
        HISTORY_VIEW,
        "--from",
        HISTORY_FROM,
        "--to",
        HISTORY_TO,
        "--data-dir",
        dataDir);
    cli.run(
        "training-set",
        featureDefs.toString(),
        "--model",
        MODEL,
        "--name",
        TRAINING_SET,
        "--strategy",
        "recompute",
        "--from",
        TRAINING_FROM,
        "--to",
        TRAINING_TO,
        "--data-dir",
        dataDir);
    Path requests = folder.resolve("requests.json");
    List<String> lines = new ArrayList<>();
    String[] airports = {"SFO", "JFK", "LAX", "ORD", "ATL", "DFW"};
    for (int i = 0; i < REQUESTS; i++) {
      lines.add(
          "{\"request_id\":\"spark-"
              + i
              + "\",\"requested_at\":\""
              + REQUESTED_AT
              + "\",\"date\":\""
              + REQUESTED_AT.plusSeconds(7200)
              + "\",\"distance\":"
              + (100 + i)
              + ",\"origin\":\""
              + airports[i % airports.length]
              + "\",\"destination\":\""
              + airports[(i / airports.length + i + 1) % airports.length]
              + "\"}");
    }
    Files.write(requests, lines);
    cli.run(
        "score",
        featureDefs.toString(),
        "--scoring",
        SCORING,
        "--embedded",
        "--bounded",
        "--requests-file",
        requests.toString(),
        "--data-dir",
        dataDir);
    definitions = FeatureRepository.load(featureDefs);
    expected =
        ExpectedRows.ofFlightsScheduledBefore(
            definitions.source("flights").orElseThrow(), FLIGHTS_SCHEDULED_BEFORE);
    spark = SparkTables.open(folder.resolve("data").resolve("iceberg"));
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.close();
    }
  }

  /**
   * The streaming job's table, written through Iceberg's Flink sink on checkpoints: every change
   * point of the day.
   */
  @Test
  void historyTableOfTheStreamingJobReadsBack() {
    FeatureView view = definitions.view(STREAMED_VIEW).orElseThrow();
    List<Map<String, Object>> read =
        spark.rows(
            "SELECT * FROM " + SparkTables.CATALOG + "." + HistoryTables.of(view).qualifiedName());
    Instant cut = Instant.parse(DEMO_CUT);
    Set<String> writers = new TreeSet<>();
    for (Map<String, Object> row : read) {
      String jobId = (String) row.remove(HistoryTables.JOB_ID);
      boolean beforeCut = ((Instant) row.get(HistoryTables.VALID_FROM)).isBefore(cut);
      String job = jobId.startsWith("demo-backfill-") ? "demo-backfill" : jobId;
      writers.add((beforeCut ? "before the cut: " : "from the cut: ") + job);
    }

    assertTrue(read.size() > 5_000, "rows: " + read.size());
    assertEquals(
        Set.of("before the cut: demo-backfill", "from the cut: demo"),
        writers,
        "the backfill wrote the rows before the cut, the streaming job those from it");
    // one row per (entity, valid_from): a row written by both jobs would be a second row here
    SameRows.assertSameRows(
        expected
            .withEventTimesIn(millis(STREAMED_FROM), millis(STREAMED_TO))
            .history(view, Long.MIN_VALUE, Long.MAX_VALUE),
        read,
        historyKey(view));
  }

  /**
   * The backfill's day of a table the demo wrote first: the backfill replaced that day (every row
   * of it is the second backfill's), and the demo's rows of the other days remain.
   */
  @Test
  void historyTableOfTheBackfillReadsBack() {
    FeatureView view = definitions.view(HISTORY_VIEW).orElseThrow();
    List<Map<String, Object>> all =
        spark.rows(
            "SELECT * FROM " + SparkTables.CATALOG + "." + HistoryTables.of(view).qualifiedName());
    Instant start = Instant.parse(HISTORY_FROM);
    Instant end = Instant.parse(HISTORY_TO);
    List<Map<String, Object>> read =
        all.stream()
            .filter(
                row -> {
                  Instant validFrom = (Instant) row.get(HistoryTables.VALID_FROM);
                  return !validFrom.isBefore(start) && validFrom.isBefore(end);
                })
            .toList();
    Set<Object> jobIds =
        read.stream().map(row -> row.remove(HistoryTables.JOB_ID)).collect(Collectors.toSet());

    assertTrue(read.size() > 5_000, "rows: " + read.size());
    assertTrue(all.size() > read.size(), "the demo's rows of the other days remain");
    assertEquals(1, jobIds.size(), "one backfill wrote every row of the day: " + jobIds);
    assertTrue(jobIds.iterator().next().toString().startsWith("backfill-"), "job_id: " + jobIds);
    SameRows.assertSameRows(
        expected.history(view, millis(HISTORY_FROM), millis(HISTORY_TO)), read, historyKey(view));
  }

  /** A history row's key: the entity's key columns and valid_from. */
  private static List<String> historyKey(FeatureView view) {
    List<String> key = new ArrayList<>();
    view.entity().keys().forEach(column -> key.add(column.name()));
    key.add(HistoryTables.VALID_FROM);
    return key;
  }

  @Test
  void trainingTableOfTheTrainingSetJobReadsBack() {
    List<Map<String, Object>> read =
        spark.rows("SELECT * FROM " + SparkTables.CATALOG + ".training." + TRAINING_SET);

    assertTrue(read.size() > 2_000, "rows: " + read.size());
    Model model = definitions.model(MODEL).orElseThrow();
    List<String> spineColumns =
        Spine.ofLabel(model).schema().columns().stream().map(Column::name).toList();
    SameRows.assertSameRows(
        expected.training(model, millis(TRAINING_FROM), millis(TRAINING_TO)), read, spineColumns);
    assertEquals(
        1L,
        spark
            .rows(
                "SELECT count(DISTINCT to_date(as_of)) AS days FROM "
                    + SparkTables.CATALOG
                    + ".training."
                    + TRAINING_SET)
            .get(0)
            .get("days"),
        "as_of read as UTC instants");
  }

  /**
   * The score job's prediction log in Iceberg: one row per request of the file, every column of the
   * planned table, each row routed by the scoring's split with all of the model's inputs.
   */
  @Test
  void predictionsOfTheScoreJobReadBack() {
    // the demo logged its own predictions in the same table, with ids of their own
    List<Map<String, Object>> read =
        spark.rows(
            "SELECT * FROM "
                + SparkTables.CATALOG
                + "."
                + DeploymentPlan.predictions().qualifiedName()
                + " WHERE request_id LIKE 'spark-%'");

    assertEquals(REQUESTS, read.size(), "one row per request");
    assertEquals(
        DeploymentPlan.predictions().columns().stream().map(PlannedColumn::name).toList(),
        new ArrayList<>(read.get(0).keySet()),
        "the planned columns, in order");
    Set<Object> ids = read.stream().map(row -> row.get("request_id")).collect(Collectors.toSet());
    assertEquals(
        java.util.stream.IntStream.range(0, REQUESTS)
            .mapToObj(i -> "spark-" + i)
            .collect(Collectors.toSet()),
        ids,
        "every request once");
    Model model = definitions.model(MODEL).orElseThrow();
    List<String> inputs = model.inputs().stream().map(f -> f.qualifiedName()).toList();
    for (Map<String, Object> row : read) {
      assertEquals(SCORING, row.get("scoring"));
      assertEquals(REQUESTED_AT, row.get("request_time"), "request_time read as a UTC instant");
      assertEquals(row.get("version_chosen"), row.get("version_served"));
      assertTrue(Set.of(1L, 2L).contains(row.get("version_served")), row.toString());
      assertEquals(SCORING + "#0", row.get("split_id"));
      assertEquals(2, ((List<?>) row.get("scores")).size(), "late and on_time");
      assertEquals(inputs, row.get("features"));
      assertEquals(inputs.size(), ((List<?>) row.get("feature_values")).size());
      assertEquals(inputs.size(), ((List<?>) row.get("feature_as_of")).size());
    }
  }

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }
}
