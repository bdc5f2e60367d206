package dev.tributary.flink.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FileInput;
import dev.tributary.core.rejection.RejectionLimit;
import dev.tributary.core.rejection.TooManyRejections;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.embedded.EventTables;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.MixedFlights;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.HistoryRows;
import dev.tributary.flink.TrainingTables;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.iceberg.DeadLetterTable;
import dev.tributary.flink.training.TrainingSetJob;
import dev.tributary.flink.training.TrainingSetSettings;
import dev.tributary.flink.training.TrainingStrategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's scenario (#20): 20,000 good flights with 110 malformed lines of eight kinds mixed in
 * ({@link MixedFlights}, whose expected reasons are written by hand). Through the backfill and the
 * training set, real Iceberg tables and a Flink MiniCluster:
 *
 * <ul>
 *   <li>the output equals the one from the clean file of the same 20,000 flights (for the view with
 *       sketches, the exact features as of every instant: see {@link SameHistory});
 *   <li>{@code ops.dead_letters} holds each bad line exactly once, with its line, its reason as the
 *       streaming job words it, and the line itself as payload; a rerun replaces them;
 *   <li>with {@code --max-rejected} below the count, the job fails with the threshold message and
 *       commits nothing: every table's snapshot is unchanged.
 * </ul>
 */
class RejectedRecordsTest {
  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  private static final long SEED = Long.getLong("tributary.seed", 20L);
  private static final long FROM = Instant.parse("2001-01-01T00:00:00Z").toEpochMilli();
  private static final long TO = Instant.parse("2001-01-03T00:00:00Z").toEpochMilli();

  private final FeatureRepository definitions = FlightsSample.definitions();
  private final CatalogConfig catalog =
      new CatalogConfig(LocalIcebergCatalog.NAME, ICEBERG.properties());

  private MixedFlights files(Path folder) {
    return MixedFlights.write(
        definitions.source("flights").orElseThrow().files().orElseThrow().path(),
        folder,
        20_000,
        110,
        SEED);
  }

  @Test
  void backfillSendsEachBadLineToTheDeadLettersOnceAndWritesWhatTheCleanFileGives(
      @TempDir Path folder) throws Exception {
    MixedFlights files = files(folder);
    BackfillJob clean = backfill(files.clean(), "clean", RejectionLimit.DEFAULT);
    JobExecutionResult cleanResult = run(clean);
    clean.finish();
    Map<String, HistoryRows> expected = history(clean);
    assertTrue(
        clean.rejectionSummary(cleanResult).endsWith("no record rejected"),
        clean.rejectionSummary(cleanResult));

    for (int run = 1; run <= 2; run++) {
      BackfillJob mixed = backfill(files.mixed(), "mixed-" + run, RejectionLimit.DEFAULT);
      JobExecutionResult result = run(mixed);
      mixed.finish();
      Map<String, HistoryRows> actual = history(mixed);
      for (String view : expected.keySet()) {
        SameHistory.assertReplaced(
            expected.get(view),
            actual.get(view),
            FROM,
            TO,
            "mixed-" + run,
            "run " + run + ", " + view);
      }
      assertDeadLetters(files, "run " + run);

      String summary = mixed.rejectionSummary(result);
      assertTrue(
          summary.startsWith(
              "events of flights: 20,110 records read: 20,000 used, 0 not needed, 110 rejected"
                  + " (0.55 %)"),
          summary);
      assertTrue(summary.contains("       27  field 'delay': expected long"), summary);
      assertTrue(summary.contains("       14  expected 5 fields as in the header, got 4"), summary);
      assertTrue(summary.contains("       13  field 'delay': out of range for long"), summary);
      MixedFlights.BadLine first = files.bad().get(0);
      assertTrue(
          summary.contains(
              "first: " + files.mixed() + " line " + first.lineNumber() + ": " + first.problem()),
          summary);
      assertTrue(
          summary.contains("rejected records: ops.dead_letters where recorded_at = TIMESTAMP '"),
          summary);
    }
  }

  @Test
  void moreRejectedThanAllowedFailsTheBackfillBeforeAnythingCommits(@TempDir Path folder)
      throws Exception {
    MixedFlights files = files(folder);
    BackfillJob first = backfill(files.clean(), "before", RejectionLimit.DEFAULT);
    run(first);
    first.finish();
    Map<String, Long> before = snapshots(first);

    BackfillJob strict = backfill(files.mixed(), "strict", RejectionLimit.count(100));
    Exception failed = assertThrows(Exception.class, () -> run(strict));
    String message = tooManyRejections(failed);
    assertTrue(
        message.startsWith(
            TooManyRejections.PREFIX
                + "events of flights: 110 of 20,110 records rejected (0.55 %), more than"
                + " --max-rejected 100."),
        message);
    assertTrue(message.contains("       14  field 'origin': missing (empty)"), message);
    assertEquals(before, snapshots(strict), "no table changed");

    // a file that is mostly bad lines fails at the default limit
    MixedFlights wrong =
        MixedFlights.write(
            definitions.source("flights").orElseThrow().files().orElseThrow().path(),
            Files.createDirectories(folder.resolve("mostly-bad")),
            200,
            2_000,
            SEED);
    BackfillJob mostlyBad = backfill(wrong.mixed(), "mostly-bad", RejectionLimit.DEFAULT);
    assertTrue(
        tooManyRejections(assertThrows(Exception.class, () -> run(mostlyBad)))
            .startsWith(
                TooManyRejections.PREFIX
                    + "events of flights: 2,000 of 2,200 records rejected (90.91 %), more than"
                    + " --max-rejected 1%."));
    assertEquals(before, snapshots(mostlyBad), "no table changed by the mostly bad file");
  }

  @Test
  void trainingSetsFromASpineWithBadRowsEqualTheCleanOnesBothWays(@TempDir Path folder)
      throws Exception {
    MixedFlights files = files(folder);
    BackfillJob history = backfill(files.clean(), "history", RejectionLimit.DEFAULT);
    run(history);
    history.finish();
    long from = Instant.parse("2001-01-01T12:00:00Z").toEpochMilli();
    long to = Instant.parse("2001-01-02T06:00:00Z").toEpochMilli();
    for (TrainingStrategy strategy : TrainingStrategy.values()) {
      List<List<Object>> cleanRows = trainingSet(files.clean(), "clean", strategy, from, to);
      List<List<Object>> mixedRows = trainingSet(files.mixed(), "mixed", strategy, from, to);
      assertTrue(cleanRows.size() > 10_000, strategy + ": " + cleanRows.size() + " rows");
      assertEquals(cleanRows, mixedRows, strategy + ": the mixed spine's set");
      // the second strategy's rebuild replaced the first's set, lineage properties included
      assertEquals(
          strategy == TrainingStrategy.HISTORY_JOIN,
          ICEBERG
              .catalog()
              .loadTable(TableIdentifier.of("training", "mixed"))
              .properties()
              .containsKey("tributary.history-snapshots"),
          strategy + ": properties");
      // recompute reads the flights for the spine and for the events: the letters go out once
      assertDeadLetters(files, strategy.toString());
    }
  }

  @Test
  void aTrainingSetStoppedByTheLimitLeavesThePreviousOneAsItWas(@TempDir Path folder)
      throws Exception {
    MixedFlights files = files(folder);
    long from = Instant.parse("2001-01-01T12:00:00Z").toEpochMilli();
    long to = Instant.parse("2001-01-02T06:00:00Z").toEpochMilli();
    TrainingStrategy recompute = TrainingStrategy.RECOMPUTE;
    List<List<Object>> kept = trainingSet(files.clean(), "kept", recompute, from, to);
    TableIdentifier id = TableIdentifier.of("training", "kept");
    TableIdentifier stats = TableIdentifier.of("training", "kept__stats");
    Table before = ICEBERG.catalog().loadTable(id);
    long snapshot = before.currentSnapshot().snapshotId();
    Map<String, String> properties = Map.copyOf(before.properties());
    long statsSnapshot = ICEBERG.catalog().loadTable(stats).currentSnapshot().snapshotId();
    Long lettersBefore = snapshot(ICEBERG.catalog(), DeadLetterTable.IDENTIFIER);

    // 200 good flights, 2,000 bad lines: far over the default 1 %
    Path mostlyBad = Files.createDirectories(folder.resolve("mostly-bad"));
    MixedFlights wrong =
        MixedFlights.write(
            definitions.source("flights").orElseThrow().files().orElseThrow().path(),
            mostlyBad,
            200,
            2_000,
            SEED);
    TrainingSetJob failing = trainingSetJob(wrong.mixed(), "kept", recompute, from, to);
    Exception failed = assertThrows(Exception.class, () -> run(failing::build));
    String message = tooManyRejections(failed);
    assertTrue(message.startsWith(TooManyRejections.PREFIX), message);
    assertTrue(
        message.contains(
            "spine rows of flights: 2,000 of 2,200 records rejected (90.91 %), more than"
                + " --max-rejected 1%"),
        message);
    assertUntouched(id, snapshot, properties, kept, "after the failed run");
    failing.abandon();
    assertUntouched(id, snapshot, properties, kept, "after abandoning the failed run");
    assertEquals(
        false, ICEBERG.catalog().tableExists(TableIdentifier.of("training", "kept__build")));
    assertEquals(statsSnapshot, ICEBERG.catalog().loadTable(stats).currentSnapshot().snapshotId());
    assertEquals(
        lettersBefore,
        snapshot(ICEBERG.catalog(), DeadLetterTable.IDENTIFIER),
        "no dead letter committed");
    for (Record letter : deadLetters()) {
      assertTrue(
          !((String) letter.getField("reason")).startsWith(wrong.mixed().toString()),
          "a dead letter of the failed run: " + letter);
    }

    // a rebuild with other columns (so other field ids) replaces the set too
    List<String> keptColumns = TrainingTables.columnNames(ICEBERG.catalog(), "kept");
    dev.tributary.core.defs.Model model = definitions.model("flight_delay").orElseThrow();
    TrainingSetJob other =
        new TrainingSetJob(
            dev.tributary.core.training.Spine.ofLabel(model),
            model.inputs().subList(5, 8),
            settings(files.clean(), "kept", recompute, from, to));
    run(other::build);
    other.finish();
    List<String> otherColumns = TrainingTables.columnNames(ICEBERG.catalog(), "kept");
    assertEquals(other.columns().table("kept").columns().size(), otherColumns.size());
    List<List<Object>> expected = new ArrayList<>();
    for (List<Object> row : kept) {
      expected.add(otherColumns.stream().map(c -> row.get(keptColumns.indexOf(c))).toList());
    }
    expected.sort((a, b) -> a.toString().compareTo(b.toString()));
    assertEquals(expected, TrainingTables.rows(ICEBERG.catalog(), "kept"), "the other columns");
    assertTrue(
        ICEBERG.catalog().loadTable(id).currentSnapshot().snapshotId() != snapshot, "replaced");
    assertEquals(
        false, ICEBERG.catalog().tableExists(TableIdentifier.of("training", "kept__build")));
  }

  private void assertUntouched(
      TableIdentifier id,
      long snapshot,
      Map<String, String> properties,
      List<List<Object>> rows,
      String context) {
    Table table = ICEBERG.catalog().loadTable(id);
    assertEquals(snapshot, table.currentSnapshot().snapshotId(), context + ": snapshot");
    assertEquals(properties, table.properties(), context + ": properties");
    assertEquals(rows, TrainingTables.rows(ICEBERG.catalog(), id.name()), context + ": rows");
  }

  @Test
  void rejectedRowsOfATableSayTheSnapshotFileAndPosition(@TempDir Path folder) throws Exception {
    List<List<Object>> rows = new ArrayList<>();
    Map<Integer, String> bad = new TreeMap<>();
    List<String> lines = Files.readAllLines(files(folder).clean()).subList(1, 2_001);
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      List<Object> row = new ArrayList<>();
      row.add(OffsetDateTime.of(LocalDateTime.parse(f[0]), ZoneOffset.UTC));
      row.add(i % 250 == 7 ? null : Long.valueOf(f[1]));
      row.add(Long.valueOf(f[2]));
      row.add(i % 400 == 99 ? null : f[3]);
      row.add(f[4]);
      rows.add(row);
      if (row.get(1) == null) {
        bad.put(i, "field 'delay': missing");
      } else if (row.get(3) == null) {
        bad.put(i, "field 'origin': missing");
      }
    }
    Table table =
        EventTables.create(
            ICEBERG.catalog(),
            "raw.nullable_flights",
            new Schema(
                Types.NestedField.optional(1, "date", Types.TimestampType.withZone()),
                Types.NestedField.optional(2, "delay", Types.LongType.get()),
                Types.NestedField.optional(3, "distance", Types.LongType.get()),
                Types.NestedField.optional(4, "origin", Types.StringType.get()),
                Types.NestedField.optional(5, "destination", Types.StringType.get())));
    String dataFile = EventTables.append(table, rows);
    long snapshot = table.currentSnapshot().snapshotId();

    BackfillJob job =
        new BackfillJob(
            definitions,
            new BackfillSettings(
                catalog,
                "from-table",
                FROM,
                TO,
                List.of(),
                Map.of(),
                Map.of("flights", "raw.nullable_flights")));
    JobExecutionResult result = run(job);
    job.finish();

    Map<String, String> expected = new TreeMap<>();
    bad.forEach(
        (position, problem) ->
            expected.put(
                "Iceberg table raw.nullable_flights@"
                    + snapshot
                    + " file "
                    + dataFile
                    + " position "
                    + position
                    + ": "
                    + problem,
                "flights"));
    Map<String, String> actual = new TreeMap<>();
    for (Record letter : deadLetters()) {
      String reason = (String) letter.getField("reason");
      if (reason.startsWith("Iceberg table raw.nullable_flights@")) {
        actual.put(reason, (String) letter.getField("source"));
        assertTrue(((String) letter.getField("payload")).contains("\"distance\":"), reason);
      }
    }
    assertEquals(expected, actual);
    assertTrue(
        job.rejectionSummary(result)
            .startsWith(
                String.format(
                    "events of flights: 2,000 records read: %,d used, 0 not needed, %d rejected",
                    2_000 - bad.size(), bad.size())),
        job.rejectionSummary(result));
  }

  private TrainingSetJob trainingSetJob(
      Path flights, String name, TrainingStrategy strategy, long from, long to) {
    return TrainingSetJob.forModel(
        definitions, "flight_delay", settings(flights, name, strategy, from, to));
  }

  private TrainingSetSettings settings(
      Path flights, String name, TrainingStrategy strategy, long from, long to) {
    return new TrainingSetSettings(
        catalog,
        name,
        from,
        to,
        strategy,
        name + "-" + strategy,
        Map.of("flights", new FileInput(flights, "csv")),
        10);
  }

  private List<List<Object>> trainingSet(
      Path flights, String name, TrainingStrategy strategy, long from, long to) throws Exception {
    TrainingSetJob job = trainingSetJob(flights, name, strategy, from, to);
    JobExecutionResult result = run(job::build);
    job.finish();
    String summary = job.rejectionSummary(result);
    if (name.equals("mixed")) {
      assertTrue(
          summary.contains("spine rows of flights: 20,110 records read: ")
              && summary.contains(" 110 rejected (0.55 %)"),
          summary);
    }
    return TrainingTables.rows(ICEBERG.catalog(), name);
  }

  /** The dead letters of this test's mixed file are exactly its bad lines, once each. */
  private void assertDeadLetters(MixedFlights files, String context) {
    Map<String, List<String>> expected = new TreeMap<>();
    for (MixedFlights.BadLine bad : files.bad()) {
      expected.put(
          files.mixed() + " line " + bad.lineNumber() + ": " + bad.problem(),
          List.of("flights", bad.text()));
    }
    Map<String, List<String>> actual = new TreeMap<>();
    List<String> duplicates = new ArrayList<>();
    for (Record letter : deadLetters()) {
      String reason = (String) letter.getField("reason");
      if (reason.startsWith(files.mixed().toString())) {
        List<String> previous =
            actual.put(
                reason,
                List.of((String) letter.getField("source"), (String) letter.getField("payload")));
        if (previous != null) {
          duplicates.add(reason);
        }
      }
    }
    assertEquals(List.of(), duplicates, context + ": dead letters twice");
    assertEquals(expected, actual, context + ": dead letters");
  }

  private List<Record> deadLetters() {
    Table table = ICEBERG.catalog().loadTable(DeadLetterTable.IDENTIFIER);
    List<Record> letters = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      records.forEach(letters::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return letters;
  }

  private BackfillJob backfill(Path flights, String jobId, RejectionLimit limit) {
    return new BackfillJob(
        definitions,
        new BackfillSettings(
                catalog,
                jobId,
                FROM,
                TO,
                List.of(),
                Map.of("flights", new FileInput(flights, "csv")),
                Map.of())
            .withMaxRejected(limit));
  }

  private static JobExecutionResult run(BackfillJob job) throws Exception {
    return run(job::build);
  }

  private static JobExecutionResult run(java.util.function.Consumer<StreamExecutionEnvironment> job)
      throws Exception {
    StreamExecutionEnvironment env = FLINK.environment();
    job.accept(env);
    return env.execute();
  }

  /** Per view, its history rows. */
  private Map<String, HistoryRows> history(BackfillJob job) {
    Map<String, HistoryRows> views = new TreeMap<>();
    for (ViewProgram program : job.programs()) {
      views.put(program.view().name(), HistoryRows.read(ICEBERG.catalog(), program));
    }
    return views;
  }

  /** The table's current snapshot id; null when it does not exist or was never written. */
  static Long snapshot(Catalog catalog, TableIdentifier id) {
    if (!catalog.tableExists(id)) {
      return null;
    }
    Snapshot current = catalog.loadTable(id).currentSnapshot();
    return current == null ? null : current.snapshotId();
  }

  /** The current snapshot of each history table of the job and of the dead letters. */
  private Map<String, Long> snapshots(BackfillJob job) {
    Map<String, Long> snapshots = new TreeMap<>();
    List<TableIdentifier> tables = new ArrayList<>();
    for (ViewProgram program : job.programs()) {
      tables.add(TableIdentifier.of("features", program.view().versionedName()));
    }
    tables.add(DeadLetterTable.IDENTIFIER);
    for (TableIdentifier id : tables) {
      Snapshot current = ICEBERG.catalog().loadTable(id).currentSnapshot();
      snapshots.put(id.toString(), current == null ? null : current.snapshotId());
    }
    return snapshots;
  }

  /** The threshold message somewhere in the causes of {@code failure}. */
  static String tooManyRejections(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && cause.getMessage().startsWith(TooManyRejections.PREFIX)) {
        return cause.getMessage();
      }
    }
    throw new AssertionError("not failed for too many rejections", failure);
  }
}
