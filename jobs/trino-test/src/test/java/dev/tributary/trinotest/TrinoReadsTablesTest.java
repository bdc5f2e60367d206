package dev.tributary.trinotest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.agg.Aggregation;
import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.KeyBinding;
import dev.tributary.core.defs.Model;
import dev.tributary.core.plan.HistoryTables;
import dev.tributary.core.plan.PlannedTable;
import dev.tributary.core.testing.ExternalTools;
import dev.tributary.core.training.Spine;
import dev.tributary.core.types.Column;
import dev.tributary.embedded.EmbeddedPostgres;
import dev.tributary.embedded.PostgresBinaries;
import dev.tributary.flink.iceberg.TrainingColumns;
import dev.tributary.sparktest.ExpectedRows;
import dev.tributary.sparktest.SameRows;
import dev.tributary.sparktest.TributaryCli;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trino reads the tables the jobs wrote and gets exactly their rows. The jobs write into an Iceberg
 * JDBC catalog on a real PostgreSQL ({@link EmbeddedPostgres}), the production catalog of
 * docs/querying.md, with the warehouse in a local folder; each job is run by the CLI's jar in a
 * child JVM on the build's Java 17 ({@link TributaryCli}): {@code tributary backfill} of two views'
 * history tables from the first flight on, then {@code tributary training-set} of six hours of
 * {@code flight_delay}'s training set (recomputed from the raw flights, not from those tables).
 *
 * <p>A real Trino 483 ({@link TrinoTables}: the engine with Trino's Iceberg connector) opens the
 * same catalog with the catalog properties docs/querying.md gives, and
 *
 * <ul>
 *   <li>every history and training row must equal, key by key and value by value ({@code
 *       timestamptz} instants, doubles, longs, strings, the boolean label, {@code last_n} lists),
 *       what the core computes for the same flights ({@link ExpectedRows}, shared with the Spark
 *       test);
 *   <li>a point-in-time join written in Trino SQL (per training row, the history row of its entity
 *       with the greatest {@code valid_from <= as_of}) must give every training row's features: the
 *       time contract of PRODUCT.md, checked by another engine on the other table.
 * </ul>
 *
 * <p>Why the jobs run in another JVM: Trino 483 runs on Java 25 only, Flink 2.1 on Java 17 (or 21),
 * and Trino's dependencies are other versions of Tributary's (Jackson 2.22 against 2.18, JUnit 6,
 * DataSketches 9 against 6.1, Airlift's Jetty). So this JVM holds Trino with its own versions, the
 * core and the test helpers as plain classes; the jobs run from the CLI's jar on the build's Java
 * 17, exactly as a user runs them, and talk to Trino only through PostgreSQL and the warehouse
 * folder, as in production. Trino starts while the jobs run. See this module's pom for the build
 * side.
 */
class TrinoReadsTablesTest {
  /** Every flight of the sample, from its first departure (on Dec 31) on. */
  private static final String HISTORY_FROM = "2000-12-31T00:00:00Z";

  private static final String HISTORY_TO = "2001-01-02T00:00:00Z";

  /**
   * dest_delays: one-column keys, counts and averages; route_delays: two-column keys, sums, last
   * values and a last_n list. The model takes features of both (and of origin_delays, whose
   * sketches make no exact history to compare).
   */
  private static final List<String> HISTORY_VIEWS = List.of("dest_delays", "route_delays");

  private static final String MODEL = "flight_delay";
  private static final String TRAINING_SET = "flights_trino";

  /** Inside the history tables' range, so every as-of time has its history rows. */
  private static final String TRAINING_FROM = "2001-01-01T12:00:00Z";

  private static final String TRAINING_TO = "2001-01-01T18:00:00Z";

  /**
   * Every event before the ranges' end: the sample is sorted by scheduled time, not by departure.
   */
  private static final String FLIGHTS_SCHEDULED_BEFORE = "2001-01-02T12";

  private static final Set<Aggregation> SKETCHES =
      EnumSet.of(Aggregation.APPROX_DISTINCT, Aggregation.APPROX_QUANTILE);

  /** The Iceberg catalog name the jobs use (and Trino's {@code jdbc-catalog.catalog-name}). */
  private static final String ICEBERG_CATALOG = "tributary";

  @TempDir static Path folder;
  private static EmbeddedPostgres postgres;
  private static TrinoTables trino;
  private static FeatureRepository definitions;
  private static ExpectedRows expected;

  @BeforeAll
  static void writeTablesWithTheJobsThenOpenThemInTrino() throws Exception {
    ExternalTools.assumeInstalled(
        "initdb",
        PostgresBinaries.find().isPresent(),
        "apt-get install postgresql",
        "to run PostgreSQL, the catalog's database");
    CompletableFuture<TrinoTables> starting = CompletableFuture.supplyAsync(TrinoTables::start);
    try {
      postgres = EmbeddedPostgres.start();
      String url = postgres.createDatabase("iceberg");
      String warehouse = folder.resolve("warehouse").toUri().toString();
      List<String> catalog = new ArrayList<>();
      jobsCatalog(url, warehouse)
          .forEach(
              (key, value) -> catalog.addAll(List.of("--catalog-property", key + "=" + value)));

      Path featureDefs =
          Path.of(System.getProperty("tributary.repo.root", "../..")).resolve("feature-defs");
      TributaryCli cli = TributaryCli.ofBuild(folder);
      List<String> backfill =
          new ArrayList<>(
              List.of(
                  "backfill", featureDefs.toString(), "--from", HISTORY_FROM, "--to", HISTORY_TO));
      HISTORY_VIEWS.forEach(view -> backfill.addAll(List.of("--view", view)));
      backfill.addAll(catalog);
      cli.run(backfill.toArray(String[]::new));
      List<String> training =
          new ArrayList<>(
              List.of(
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
                  TRAINING_TO));
      training.addAll(catalog);
      cli.run(training.toArray(String[]::new));

      definitions = FeatureRepository.load(featureDefs);
      expected =
          ExpectedRows.ofFlightsScheduledBefore(
              definitions.source("flights").orElseThrow(), FLIGHTS_SCHEDULED_BEFORE);
      trino = starting.join();
      trino.openCatalog(
          TrinoTables.jdbcCatalog(ICEBERG_CATALOG, url, EmbeddedPostgres.USER, "", warehouse));
    } finally {
      if (trino == null) {
        starting.thenAccept(TrinoTables::close);
      }
    }
  }

  @AfterAll
  static void stop() {
    if (trino != null) {
      trino.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  /** What the jobs take: docs/querying.md's JDBC catalog on PostgreSQL. */
  private static Map<String, String> jobsCatalog(String url, String warehouse) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
    properties.put("uri", url);
    properties.put("jdbc.user", EmbeddedPostgres.USER);
    properties.put("jdbc.password", "");
    properties.put("jdbc.schema-version", "V1");
    properties.put("warehouse", warehouse);
    return properties;
  }

  @Test
  void historyTablesOfTheBackfillReadBack() {
    for (String name : HISTORY_VIEWS) {
      FeatureView view = definitions.view(name).orElseThrow();
      List<Map<String, Object>> read =
          trino.rows("SELECT * FROM " + sqlName(HistoryTables.of(view)));
      Set<Object> jobIds =
          read.stream().map(row -> row.remove(HistoryTables.JOB_ID)).collect(Collectors.toSet());

      assertTrue(read.size() > 5_000, name + " rows: " + read.size());
      assertEquals(1, jobIds.size(), "one backfill wrote every row of " + name + ": " + jobIds);
      assertTrue(jobIds.iterator().next().toString().startsWith("backfill-"), "job_id: " + jobIds);
      SameRows.assertSameRows(
          expected.history(view, millis(HISTORY_FROM), millis(HISTORY_TO)), read, historyKey(view));
    }
  }

  @Test
  void trainingTableOfTheTrainingSetJobReadsBack() {
    List<Map<String, Object>> read = trino.rows("SELECT * FROM " + trainingTable());

    assertTrue(read.size() > 2_000, "rows: " + read.size());
    Model model = definitions.model(MODEL).orElseThrow();
    SameRows.assertSameRows(
        expected.training(withoutSketches(model), millis(TRAINING_FROM), millis(TRAINING_TO)),
        read,
        spineColumns(model));
  }

  /**
   * The model with each of its inputs' views cut to the features without sketches. The core's
   * sketch states are built on DataSketches 6.1, and this JVM holds Trino's 9.0 (another API:
   * {@code hll.Union} is gone): so the reference computes the inputs from views without the others,
   * which changes no input's value as of any time (each feature is an aggregation of its own; the
   * TTL looks at the entity's newest event, whatever the features). The model's inputs have no
   * sketches.
   */
  private static Model withoutSketches(Model model) {
    Map<String, FeatureView> views = new HashMap<>();
    List<FeatureRef> inputs = new ArrayList<>();
    for (FeatureRef ref : model.inputs()) {
      FeatureView view = views.computeIfAbsent(ref.view().name(), name -> exact(ref.view()));
      inputs.add(new FeatureRef(view, ref.feature()));
    }
    return model.withInputs(inputs);
  }

  private static FeatureView exact(FeatureView view) {
    return new FeatureView(
        view.name(),
        view.description(),
        view.entity(),
        view.source(),
        view.keys(),
        view.filterOrNull(),
        view.ttl(),
        view.online(),
        view.offline(),
        view.features().stream()
            .filter(feature -> !SKETCHES.contains(feature.aggregation()))
            .toList(),
        view.version(),
        view.at());
  }

  /**
   * The point-in-time join a user writes in Trino SQL on the history tables gives the training
   * set's features: for each view, per training row, the view's row of the row's entity with the
   * greatest {@code valid_from <= as_of} (none: the values without events, null for averages).
   */
  @Test
  void asOfJoinInTrinoSqlGivesTheTrainingSetsFeatures() {
    Model model = definitions.model(MODEL).orElseThrow();
    for (String name : HISTORY_VIEWS) {
      FeatureView view = definitions.view(name).orElseThrow();
      List<FeatureRef> inputs =
          model.inputs().stream().filter(ref -> ref.view().name().equals(name)).toList();
      List<String> spineKeys = new ArrayList<>();
      for (KeyBinding binding : view.keys()) {
        spineKeys.add(spineColumn(binding));
      }
      spineKeys.add(Spine.AS_OF);
      String selectKeys = String.join(", ", spineKeys.stream().map(k -> "s." + k).toList());
      String features =
          inputs.stream()
              .map(ref -> "h." + ref.feature().name() + " AS " + TrainingColumns.columnOf(ref))
              .collect(Collectors.joining(", "));
      String join =
          view.keys().stream()
              .map(b -> "h." + b.key().name() + " = s." + spineColumn(b))
              .collect(Collectors.joining(" AND "));
      String sql =
          "SELECT * FROM (SELECT "
              + selectKeys
              + ", "
              + features
              + ", row_number() OVER (PARTITION BY "
              + selectKeys
              + " ORDER BY h.valid_from DESC) AS newest FROM (SELECT DISTINCT "
              + String.join(", ", spineKeys)
              + " FROM "
              + trainingTable()
              + ") s LEFT JOIN "
              + sqlName(HistoryTables.of(view))
              + " h ON "
              + join
              + " AND h.valid_from <= s.as_of) WHERE newest = 1";
      List<Map<String, Object>> asOf = trino.rows(sql);
      asOf.forEach(row -> row.remove("newest"));

      List<String> columns = new ArrayList<>(spineKeys);
      inputs.forEach(ref -> columns.add(TrainingColumns.columnOf(ref)));
      Set<Map<String, Object>> training = new LinkedHashSet<>();
      for (Map<String, Object> row : trino.rows("SELECT * FROM " + trainingTable())) {
        Map<String, Object> projected = new LinkedHashMap<>();
        columns.forEach(column -> projected.put(column, row.get(column)));
        training.add(projected);
      }
      assertTrue(asOf.size() > 100, name + ": " + asOf.size() + " (entity, as_of) pairs");
      SameRows.assertSameRows(new ArrayList<>(training), asOf, spineKeys);
    }
  }

  /** The spine column a view's key is bound to: a plain column in the example definitions. */
  private static String spineColumn(KeyBinding binding) {
    String column = binding.value().canonical();
    if (!column.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalStateException(
          "key " + binding.key().name() + " = " + column + ": this test joins on plain columns");
    }
    return column;
  }

  private static List<String> spineColumns(Model model) {
    return Spine.ofLabel(model).schema().columns().stream().map(Column::name).toList();
  }

  /** A history row's key: the entity's key columns and valid_from. */
  private static List<String> historyKey(FeatureView view) {
    List<String> key = new ArrayList<>();
    view.entity().keys().forEach(column -> key.add(column.name()));
    key.add(HistoryTables.VALID_FROM);
    return key;
  }

  private static String sqlName(PlannedTable table) {
    return TrinoTables.CATALOG + "." + table.namespace() + ".\"" + table.name() + "\"";
  }

  private static String trainingTable() {
    return TrinoTables.CATALOG + "." + TrainingColumns.NAMESPACE + ".\"" + TRAINING_SET + "\"";
  }

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }
}
