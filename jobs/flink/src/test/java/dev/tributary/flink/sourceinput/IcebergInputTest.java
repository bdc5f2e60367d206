package dev.tributary.flink.sourceinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.Source;
import dev.tributary.core.plan.HistoryTables;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.training.Spine;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.Seeds;
import dev.tributary.embedded.EventTables;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import dev.tributary.flink.BatchRun;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.HistoryRows;
import dev.tributary.flink.RandomTrainingCase;
import dev.tributary.flink.TrainingTables;
import dev.tributary.flink.backfill.BackfillJob;
import dev.tributary.flink.backfill.BackfillSettings;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.training.TrainingSetJob;
import dev.tributary.flink.training.TrainingSetSettings;
import dev.tributary.flink.training.TrainingStrategy;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.iceberg.Files;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source read from an Iceberg table gives what the same records read from files give: the random
 * case's events and spine ({@link RandomTrainingCase}) are written both as CSV files and as Iceberg
 * tables by Iceberg's own writer (events with a {@code timestamptz}, the spine with its time as ISO
 * text, an {@code int} where a long is declared, and a column no definition reads); the backfill
 * and the training set from the tables equal those from the files, and the training set's Parquet
 * copy holds exactly its table's rows. {@code -Dtributary.seed=N} replays a failure.
 */
class IcebergInputTest {
  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  private static final long FROM = RandomTrainingCase.BASE - 86_400_000L;
  private static final long TO = RandomTrainingCase.BASE + 2 * 86_400_000L;

  @Test
  void backfillAndTrainingSetFromTablesEqualTheSameFromFiles(@TempDir Path root) throws Exception {
    long seed = Seeds.base();
    String context = Seeds.replay(seed);
    RandomTrainingCase random = new RandomTrainingCase(new Random(seed));
    random.write(root);
    FeatureRepository repository = FeatureRepository.load(root);
    CatalogConfig catalog = new CatalogConfig(LocalIcebergCatalog.NAME, ICEBERG.properties());
    Map<String, String> tables = writeTables(random);
    List<String> views = random.views.stream().map(RandomTrainingCase.View::name).toList();

    BackfillJob fromFiles =
        new BackfillJob(
            repository, new BackfillSettings(catalog, "files", FROM, TO, views, Map.of()));
    BatchRun.run(FLINK, fromFiles::build);
    fromFiles.finish();
    Map<String, Map<List<Object>, Map<Long, List<Object>>>> filesHistory =
        history(fromFiles.programs());
    BackfillJob fromTable =
        new BackfillJob(
            repository,
            new BackfillSettings(
                catalog, "table", FROM, TO, views, Map.of(), Map.of("events", "raw.events")));
    BatchRun.run(FLINK, fromTable::build);
    fromTable.finish();
    Map<String, Map<List<Object>, Map<Long, List<Object>>>> tableHistory =
        history(fromTable.programs());
    assertEquals(filesHistory.keySet(), tableHistory.keySet(), context + ": views");
    filesHistory.forEach(
        (view, byKey) -> {
          assertEquals(
              byKey.keySet(),
              tableHistory.get(view).keySet(),
              context + ", view " + view + ": entities");
          byKey.forEach(
              (key, rows) ->
                  assertEquals(
                      rows,
                      tableHistory.get(view).get(key),
                      context + ", view " + view + ", entity " + key + ": history rows"));
        });
    for (ViewProgram program : fromTable.programs()) {
      assertEquals(
          "raw.events@" + snapshot("raw.events"),
          backfillSummary(program).get("tributary.source-table"),
          context + ": the table backfill's commit names the snapshot it read");
    }

    List<FeatureRef> features = new ArrayList<>();
    for (FeatureView view : repository.views()) {
      view.features().forEach(f -> features.add(new FeatureRef(view, f)));
    }
    Spine spine = Spine.ofSource(repository.source("spine").orElseThrow());
    Path parquet = root.resolve("out/from_table.parquet");
    List<List<Object>> rows =
        sameTrainingSets(
            spine,
            features,
            new TrainingSetSettings(
                catalog,
                "from_files",
                FROM,
                TO,
                TrainingStrategy.HISTORY_JOIN,
                "files",
                Map.of(),
                10),
            new TrainingSetSettings(
                catalog,
                "from_table",
                FROM,
                TO,
                TrainingStrategy.RECOMPUTE,
                "table",
                Map.of(),
                tables,
                10,
                parquet.toString()),
            context);
    assertEquals(random.spine.size(), rows.size(), context + ": one row per spine row");
    // an hour in the middle: the events' read range, pushed to the table as a filter on ts, now
    // excludes some;
    // its Parquet copy goes to a URI, written through the table's FileIO as an object store
    // location would be
    long from = RandomTrainingCase.BASE + 90 * 60_000L;
    long to = from + 60 * 60_000L;
    String hourUri = root.resolve("out/hour_table.parquet").toUri().toString();
    List<List<Object>> hourRows =
        sameTrainingSets(
            spine,
            features,
            new TrainingSetSettings(
                catalog,
                "hour_files",
                from,
                to,
                TrainingStrategy.HISTORY_JOIN,
                "files",
                Map.of(),
                10),
            new TrainingSetSettings(
                catalog,
                "hour_table",
                from,
                to,
                TrainingStrategy.RECOMPUTE,
                "table",
                Map.of(),
                tables,
                10,
                hourUri),
            context + ", an hour");
    assertEquals(
        hourUri,
        TrainingTables.table(ICEBERG.catalog(), "hour_table")
            .properties()
            .get("tributary.parquet"));
    assertEquals(
        hourRows,
        parquetRows(root.resolve("out/hour_table.parquet"), "hour_table"),
        context + ": the Parquet file at the URI holds the table's rows");

    Map<String, String> properties =
        TrainingTables.table(ICEBERG.catalog(), "from_table").properties();
    assertEquals(
        "raw.spine@" + snapshot("raw.spine"), properties.get("tributary.spine-table"), context);
    assertEquals(
        "raw.events@" + snapshot("raw.events"), properties.get("tributary.source-table"), context);
    assertEquals(parquet.toString(), properties.get("tributary.parquet"), context);
    assertEquals(
        rows,
        parquetRows(parquet, "from_table"),
        context + ": the Parquet file holds the table's rows");
  }

  /** The rows of a Parquet copy of a training set, read with the training table's schema. */
  private static List<List<Object>> parquetRows(Path file, String trainingSet) {
    Schema schema = TrainingTables.table(ICEBERG.catalog(), trainingSet).schema();
    return TrainingTables.rows(
        Parquet.read(Files.localInput(file.toFile()))
            .project(schema)
            .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema))
            .build());
  }

  @Test
  void aTableWithoutADeclaredColumnOrWithAnIncompatibleOneFailsBeforeTheJobRuns(@TempDir Path root)
      throws Exception {
    RandomTrainingCase random = new RandomTrainingCase(new Random(1));
    random.write(root);
    FeatureRepository repository = FeatureRepository.load(root);
    CatalogConfig catalog = new CatalogConfig(LocalIcebergCatalog.NAME, ICEBERG.properties());
    EventTables.create(ICEBERG.catalog(), "raw.no_x", eventSchema());
    EventTables.create(
        ICEBERG.catalog(),
        "raw.text_x",
        eventSchema(Types.NestedField.optional(4, "x", Types.StringType.get())));

    BackfillJob backfill =
        new BackfillJob(
            repository,
            new BackfillSettings(
                catalog, "backfill", FROM, TO, List.of(), Map.of(), Map.of("events", "raw.no_x")));
    String missing =
        assertThrows(IllegalArgumentException.class, () -> backfill.build(FLINK.environment()))
            .getMessage();
    assertTrue(missing.contains("raw.no_x") && missing.contains("no column 'x'"), missing);

    Spine spine = Spine.ofSource(repository.source("spine").orElseThrow());
    FeatureView view = repository.views().get(0);
    TrainingSetJob set =
        new TrainingSetJob(
            spine,
            List.of(new FeatureRef(view, view.features().get(0))),
            new TrainingSetSettings(
                catalog,
                "bad",
                FROM,
                TO,
                TrainingStrategy.RECOMPUTE,
                "bad",
                Map.of(),
                Map.of("spine", "raw.text_x"),
                10,
                null));
    String incompatible =
        assertThrows(IllegalArgumentException.class, () -> set.build(FLINK.environment()))
            .getMessage();
    assertTrue(
        incompatible.contains("raw.text_x")
            && incompatible.contains("column 'x' is string")
            && incompatible.contains("cannot be read as long"),
        incompatible);
  }

  /**
   * The flights model's label spine from a table: its as-of time is {@code date - hours(2)}, so the
   * training range becomes a filter on {@code date}, two hours later; the rows equal those from the
   * sample file. The table holds a day of flights in four data files, most of them out of range.
   */
  @Test
  void aLabelSpineFromATableIsFilteredOnItsPredictionTimeColumn() throws Exception {
    FeatureRepository repository = FlightsSample.definitions();
    Source flights = repository.source("flights").orElseThrow();
    Table table =
        EventTables.create(
            ICEBERG.catalog(),
            "raw.flights",
            new Schema(
                Types.NestedField.required(1, "date", Types.TimestampType.withZone()),
                Types.NestedField.optional(2, "delay", Types.LongType.get()),
                Types.NestedField.optional(3, "distance", Types.LongType.get()),
                Types.NestedField.optional(4, "origin", Types.StringType.get()),
                Types.NestedField.optional(5, "destination", Types.StringType.get())));
    List<List<Object>> rows = new ArrayList<>();
    for (ParsedEvent event : FlightsSample.eventsScheduledBefore(flights, "2001-01-02")) {
      Object[] row = event.row();
      rows.add(
          Arrays.asList(
              OffsetDateTime.ofInstant(Instant.ofEpochMilli((Long) row[0]), ZoneOffset.UTC),
              row[1],
              row[2],
              row[3],
              row[4]));
    }
    rows.sort(Comparator.comparing(row -> (OffsetDateTime) row.get(0)));
    for (int part = 0; part < 4; part++) {
      EventTables.append(table, rows.subList(part * rows.size() / 4, (part + 1) * rows.size() / 4));
    }
    long from = Instant.parse("2001-01-01T10:00:00Z").toEpochMilli();
    long to = Instant.parse("2001-01-01T13:00:00Z").toEpochMilli();
    CatalogConfig catalog = new CatalogConfig(LocalIcebergCatalog.NAME, ICEBERG.properties());
    Spine spine = Spine.ofLabel(repository.model("flight_delay").orElseThrow());

    assertEquals(
        "[ref(name=\"date\") >= "
            + (from + 7_200_000L) * 1000
            + ", ref(name=\"date\") < "
            + (to + 7_200_000L) * 1000
            + "]",
        new TableSourceInput(flights, catalog, "raw.flights")
            .filters(spine.asOfTime(), new ReadRange(from, to))
            .toString());
    List<FeatureRef> features = repository.model("flight_delay").orElseThrow().inputs();
    List<List<Object>> set =
        sameTrainingSets(
            spine,
            features,
            new TrainingSetSettings(
                catalog,
                "label_files",
                from,
                to,
                TrainingStrategy.RECOMPUTE,
                "files",
                Map.of(),
                10),
            new TrainingSetSettings(
                catalog,
                "label_table",
                from,
                to,
                TrainingStrategy.RECOMPUTE,
                "table",
                Map.of(),
                Map.of("flights", "raw.flights"),
                10,
                null),
            "flights label spine");
    assertTrue(set.size() > 1_000, "spine rows in three hours: " + set.size());
  }

  /** The events, in two data files, and the spine, in the table types a producer might use. */
  private static Map<String, String> writeTables(RandomTrainingCase random) {
    Table events =
        EventTables.create(
            ICEBERG.catalog(),
            "raw.events",
            eventSchema(Types.NestedField.optional(4, "x", Types.LongType.get())));
    List<List<Object>> eventRows = new ArrayList<>();
    for (RandomTrainingCase.Row e : random.events) {
      eventRows.add(
          List.of(
              OffsetDateTime.ofInstant(Instant.ofEpochMilli(e.time()), ZoneOffset.UTC),
              e.k(),
              e.j(),
              e.x()));
    }
    int half = eventRows.size() / 2;
    EventTables.append(events, eventRows.subList(0, half));
    EventTables.append(events, eventRows.subList(half, eventRows.size()));
    Table spine =
        EventTables.create(
            ICEBERG.catalog(),
            "raw.spine",
            new Schema(
                Types.NestedField.optional(1, "note", Types.StringType.get()),
                Types.NestedField.optional(2, "x", Types.IntegerType.get()),
                Types.NestedField.optional(3, "j", Types.StringType.get()),
                Types.NestedField.optional(4, "k", Types.StringType.get()),
                Types.NestedField.optional(5, "ts", Types.StringType.get())));
    List<List<Object>> spineRows = new ArrayList<>();
    for (RandomTrainingCase.Row s : random.spine) {
      spineRows.add(
          List.of(
              "not declared",
              s.x().intValue(),
              s.j(),
              s.k(),
              Instant.ofEpochMilli(s.time()).toString()));
    }
    EventTables.append(spine, spineRows);
    return Map.of("events", "raw.events", "spine", "raw.spine");
  }

  /**
   * Runs both training sets and returns the rows of the second after checking they equal the
   * first's.
   */
  private static List<List<Object>> sameTrainingSets(
      Spine spine,
      List<FeatureRef> features,
      TrainingSetSettings expected,
      TrainingSetSettings actual,
      String context)
      throws Exception {
    for (TrainingSetSettings settings : List.of(expected, actual)) {
      TrainingSetJob job = new TrainingSetJob(spine, features, settings);
      BatchRun.run(FLINK, job::build);
      job.finish();
    }
    List<List<Object>> rows = TrainingTables.rows(ICEBERG.catalog(), actual.name());
    assertEquals(
        TrainingTables.rows(ICEBERG.catalog(), expected.name()), rows, context + ": training sets");
    return rows;
  }

  /** The events' columns {@code ts} (a timestamptz), {@code k} and {@code j}, then {@code more}. */
  private static Schema eventSchema(Types.NestedField... more) {
    List<Types.NestedField> columns =
        new ArrayList<>(
            List.of(
                Types.NestedField.required(1, "ts", Types.TimestampType.withZone()),
                Types.NestedField.required(2, "k", Types.StringType.get()),
                Types.NestedField.required(3, "j", Types.StringType.get())));
    columns.addAll(List.of(more));
    return new Schema(columns);
  }

  /** Per view, per entity, per valid_from: the values (who wrote them aside). */
  private static Map<String, Map<List<Object>, Map<Long, List<Object>>>> history(
      List<ViewProgram> programs) {
    Map<String, Map<List<Object>, Map<Long, List<Object>>>> views = new TreeMap<>();
    for (ViewProgram program : programs) {
      Map<List<Object>, Map<Long, List<Object>>> byKey =
          new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
      HistoryRows.read(ICEBERG.catalog(), program)
          .byKey()
          .forEach(
              (key, rows) -> {
                Map<Long, List<Object>> values = new TreeMap<>();
                rows.forEach((validFrom, row) -> values.put(validFrom, row.values()));
                byKey.put(key, values);
              });
      views.put(program.view().name(), byKey);
    }
    return views;
  }

  private static long snapshot(String table) {
    return ICEBERG.catalog().loadTable(TableIdentifier.parse(table)).currentSnapshot().snapshotId();
  }

  /** The summary of the table backfill's commit to the view's history table. */
  private static Map<String, String> backfillSummary(ViewProgram program) {
    Table table =
        ICEBERG
            .catalog()
            .loadTable(TableIdentifier.of(HistoryTables.NAMESPACE, program.view().versionedName()));
    for (Snapshot snapshot : table.snapshots()) {
      if ("table".equals(snapshot.summary().get("tributary.job-id"))) {
        return snapshot.summary();
      }
    }
    throw new AssertionError(table.name() + ": no commit of the table backfill");
  }
}
