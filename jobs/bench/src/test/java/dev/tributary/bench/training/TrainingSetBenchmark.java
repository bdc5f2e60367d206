package dev.tributary.bench.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.bench.BenchmarkData;
import dev.tributary.bench.HeapPeaks;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FileInput;
import dev.tributary.core.plan.HistoryTables;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.backfill.BackfillSettings;
import dev.tributary.flink.backfill.ChunkedBackfill;
import dev.tributary.flink.execution.JobCompletion;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.iceberg.TrainingColumns;
import dev.tributary.flink.training.TrainingSetJob;
import dev.tributary.flink.training.TrainingSetSettings;
import dev.tributary.flink.training.TrainingStrategy;
import dev.tributary.io.file.InputFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The training-set strategies against DuckDB on the same rows, for docs/benchmarks.md: the history
 * join against DuckDB's ASOF JOIN over the same history files, the recompute against DuckDB
 * computing the windowed features with plain SQL, on a spine of the flight_delay label rows of the
 * 3 M flights. Opt-in ({@code -Dtributary.benchmark=true}) and only where the data set exists.
 *
 * <p>Properties: {@code tributary.benchmark.days} the spine's days from 2001-03-01 (61: about 1 M
 * rows); {@code .strategies} which of {@code history-join,recompute} run (both by default; the
 * history join first backfills the three views from 2001-01-01 with {@link ChunkedBackfill});
 * {@code .backfill-days} how many days the backfill covers (default: to the spine's end; 182: all 3
 * M flights); {@code .chunk-days} its chunk length; {@code .long-windows} adds DuckDB's 24 h and 7
 * d window queries; {@code .rounds=N} runs the history join N times (the later runs on a warm JVM);
 * {@code .fixed-cost=true} runs it again over a 1-day spine; {@code .catalog=DIR} keeps the catalog
 * in {@code DIR} (a later run reuses its history tables); {@code .jfr=DIR} records each of our
 * phases with Java Flight Recorder into {@code DIR}; {@code .in-memory-join-rows=N} the history
 * join's {@link TrainingSetSettings#inMemoryJoinRows} (0: every view sorted).
 *
 * <p>DuckDB runs in a process of its own ({@link DuckDbProcess}) so that its native memory is
 * measured apart from this JVM's; ours is this JVM's heap ({@link HeapPeaks}).
 */
class TrainingSetBenchmark {
  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();

  @RegisterExtension
  static final FlinkClusterExtension FLINK = new FlinkClusterExtension(2, managedMemory());

  private static final long DAY = 86_400_000L;
  private static final long FIRST_FLIGHT_DAY = Instant.parse("2001-01-01T00:00:00Z").toEpochMilli();
  private static final long FROM = Instant.parse("2001-03-01T00:00:00Z").toEpochMilli();
  private static final List<String> VIEWS = List.of("origin_delays", "dest_delays", "route_delays");

  private final FeatureRepository definitions = FlightsSample.definitions();
  private final Path parquet = InputFixtures.flights3m();

  /**
   * With {@code -Dtributary.benchmark.catalog=DIR}, the catalog kept in {@code DIR}: a first run
   * backfills into it, later runs reuse its history tables (the backfill takes most of a run).
   */
  private LocalIcebergCatalog kept;

  @Test
  void historyJoinAndRecomputeAgainstDuckDb() throws Exception {
    BenchmarkData.flights3mOrSkip();
    long to = FROM + Long.getLong("tributary.benchmark.days", 61) * DAY;
    List<TrainingStrategy> strategies =
        Arrays.stream(
                System.getProperty("tributary.benchmark.strategies", "history-join,recompute")
                    .split(","))
            .map(TrainingStrategy::parse)
            .toList();
    String keptFolder = System.getProperty("tributary.benchmark.catalog");
    kept = keptFolder == null ? null : LocalIcebergCatalog.open(Path.of(keptFolder));
    CatalogConfig catalog =
        new CatalogConfig(
            LocalIcebergCatalog.NAME, kept == null ? ICEBERG.properties() : kept.properties());
    Map<String, FileInput> files = Map.of("flights", new FileInput(parquet, "parquet"));
    System.out.printf(
        "BENCH load average at start: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());

    List<DuckDbProcess.Phase> duckDb = new ArrayList<>();
    duckDb.add(
        new DuckDbProcess.Phase(
            "load spine", List.of("CREATE TABLE spine AS " + spine(to)), "spine"));
    long spineRows = 0;
    if (strategies.contains(TrainingStrategy.HISTORY_JOIN)) {
      backfill(
          catalog,
          files,
          FIRST_FLIGHT_DAY
              + Long.getLong("tributary.benchmark.backfill-days", (to - FIRST_FLIGHT_DAY) / DAY)
                  * DAY);
      spineRows =
          measure(
              "history join", () -> trainingSet(catalog, files, to, TrainingStrategy.HISTORY_JOIN));
      // the same join again on the warm JVM, as a long-running cluster's TaskManagers run it: the
      // first run also pays the JIT's compilation of every class on the path
      for (int round = 2; round <= Integer.getInteger("tributary.benchmark.rounds", 1); round++) {
        measure(
            "history join, round " + round,
            () -> trainingSet(catalog, files, to, TrainingStrategy.HISTORY_JOIN));
      }
      if (Boolean.getBoolean("tributary.benchmark.fixed-cost")) {
        // after the whole spine, on the same warm JVM: what a run costs whatever its spine (job
        // start, the spine file read whole, the history of the windows and TTL before the first
        // day, commit, statistics); the difference is the cost per spine row
        measure(
            "history join, 1-day spine (fixed cost)",
            () -> trainingSet(catalog, files, FROM + DAY, TrainingStrategy.HISTORY_JOIN));
      }
      duckDb.addAll(asOfJoin(to));
    }
    if (strategies.contains(TrainingStrategy.RECOMPUTE)) {
      spineRows =
          measure("recompute", () -> trainingSet(catalog, files, to, TrainingStrategy.RECOMPUTE));
      duckDb.addAll(
          DuckDbWindows.phases(
              parquet, to, Boolean.getBoolean("tributary.benchmark.long-windows")));
    }
    System.out.printf("BENCH spine rows: %,d%n", spineRows);
    List<DuckDbProcess.Measured> measured = DuckDbProcess.run(duckDb, 2);
    System.out.println("BENCH duckdb " + measured.get(0));
    for (int i = 0; i < duckDb.size(); i++) {
      System.out.println("BENCH duckdb " + measured.get(i + 1));
      if (!duckDb.get(i).countTable().equals("flights")) {
        assertEquals(
            spineRows,
            measured.get(i + 1).rows(),
            "DuckDB's " + duckDb.get(i).name() + ": a row per spine row");
      }
    }
    System.out.printf(
        "BENCH load average at end: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    if (kept != null) {
      kept.close();
    }
  }

  /**
   * Backfills the three views from the first flight day to {@code end}, unless the catalog kept
   * with {@code -Dtributary.benchmark.catalog} holds their history tables already.
   */
  private void backfill(CatalogConfig catalog, Map<String, FileInput> files, long end)
      throws Exception {
    if (kept != null
        && VIEWS.stream()
            .allMatch(
                view ->
                    catalog()
                        .tableExists(
                            TableIdentifier.of(
                                HistoryTables.NAMESPACE,
                                definitions.view(view).orElseThrow().versionedName())))) {
      System.out.printf("BENCH history tables kept in %s: not backfilled again%n", kept.folder());
      return;
    }
    int chunkDays =
        Integer.getInteger("tributary.benchmark.chunk-days", ChunkedBackfill.DEFAULT_CHUNK_DAYS);
    ChunkedBackfill backfill =
        new ChunkedBackfill(
            definitions,
            new BackfillSettings(catalog, "bench", FIRST_FLIGHT_DAY, end, VIEWS, files),
            chunkDays);
    long rows =
        measure(
            "backfill, 3 views, "
                + (end - FIRST_FLIGHT_DAY) / DAY
                + " days in chunks of "
                + chunkDays,
            () -> {
              backfill.run(FLINK::environment);
              long written = 0;
              for (String view : VIEWS) {
                written +=
                    Long.parseLong(
                        historyTable(view).currentSnapshot().summary().get("total-records"));
              }
              return written;
            });
    System.out.printf("BENCH history rows: %,d%n", rows);
  }

  /**
   * The spine as DuckDB reads it from the flights file: the label rows with their as-of time in the
   * range.
   */
  private String spine(long to) {
    return "SELECT row_number() OVER () AS id, date, delay, distance, origin, destination, "
        + "delay > 15 AS label, epoch_ms(date) - 7200000 AS as_of FROM read_parquet('"
        + parquet
        + "') WHERE epoch_ms(date) - 7200000 >= "
        + FROM
        + " AND epoch_ms(date) - 7200000 < "
        + to;
  }

  /**
   * DuckDB's as-of join of the spine with the history tables' data files as the backfill left them,
   * each read as our history join reads it: the rows with valid_from before the range's end. Twice:
   * into a table in memory, with the spine and the history loaded before (the join alone); and from
   * the files into a zstd Parquet file, the spine read in the same statement: the work our job does
   * (read the spine file and the history, join, write Parquet), its statistics aside.
   */
  private List<DuckDbProcess.Phase> asOfJoin(long to) throws IOException {
    List<String> statements = new ArrayList<>();
    for (String view : VIEWS) {
      statements.add("CREATE TABLE " + view + " AS " + history(view, to));
    }
    statements.add("CREATE TABLE asof_result AS " + asOfSelect("spine", VIEWS));
    Path written = Files.createTempDirectory("duckdb-asof").resolve("training.parquet");
    List<String> histories = new ArrayList<>();
    for (String view : VIEWS) {
      histories.add("(" + history(view, to) + ")");
    }
    String fromFiles =
        "COPY ("
            + asOfSelect("(" + spine(to) + ")", histories)
            + ") TO '"
            + written
            + "' (FORMAT parquet, COMPRESSION zstd)";
    return List.of(
        new DuckDbProcess.Phase("ASOF JOIN (history files loaded)", statements, "asof_result"),
        new DuckDbProcess.Phase(
            "ASOF JOIN from the files into Parquet (our job's work)",
            List.of(fromFiles),
            "read_parquet('" + written + "')"));
  }

  /** A view's history rows before {@code to}, from its data files, with valid_from in ms. */
  private String history(String view, long to) throws IOException {
    return "SELECT *, epoch_ms(valid_from) AS vf FROM read_parquet("
        + dataFiles(historyTable(view))
        + ") WHERE epoch_ms(valid_from) < "
        + to;
  }

  /**
   * The join of {@code spine} with the three views' history, {@code views} in the order of {@link
   * #VIEWS} (tables or subqueries).
   */
  private static String asOfSelect(String spine, List<String> views) {
    return "SELECT s.*, o.mean_delay_1h, o.late_share_1h, o.mean_delay_3h, "
        + "o.late_share_3h, o.late_share_24h, o.late_share_7d, o.flights_1h, d.mean_delay_3h AS d_mean_delay_3h, "
        + "d.late_share_24h AS d_late_share_24h, r.mean_delay_7d, r.late_share_7d FROM "
        + spine
        + " s ASOF LEFT JOIN "
        + views.get(0)
        + " o ON s.origin = o.airport AND s.as_of >= o.vf ASOF LEFT JOIN "
        + views.get(1)
        + " d ON s.destination = d.airport AND s.as_of >= d.vf ASOF LEFT JOIN "
        + views.get(2)
        + " r ON s.origin = r.origin AND s.destination = r.destination AND s.as_of >= r.vf";
  }

  private long trainingSet(
      CatalogConfig catalog, Map<String, FileInput> files, long to, TrainingStrategy strategy)
      throws Exception {
    String name = "bench_" + strategy.name().toLowerCase();
    TrainingSetJob job =
        TrainingSetJob.forModel(
            definitions,
            "flight_delay",
            new TrainingSetSettings(catalog, name, FROM, to, strategy, name, files, 10)
                .withInMemoryJoinRows(
                    Long.getLong(
                        "tributary.benchmark.in-memory-join-rows",
                        TrainingSetSettings.DEFAULT_IN_MEMORY_JOIN_ROWS)));
    StreamExecutionEnvironment env = FLINK.environment();
    long started = System.nanoTime();
    job.build(env);
    JobCompletion.execute(env, name);
    long executed = System.nanoTime();
    job.finish();
    long finished = System.nanoTime();
    Table table = catalog().loadTable(TableIdentifier.of(TrainingColumns.NAMESPACE, name));
    long rows = Long.parseLong(table.currentSnapshot().summary().get("total-records"));
    System.out.printf(
        "BENCH   %s: %,d spine rows; job %.1f s, then publish and statistics %.1f s%n",
        name, rows, (executed - started) / 1e9, (finished - executed) / 1e9);
    return rows;
  }

  private Table historyTable(String view) {
    String versioned = definitions.view(view).orElseThrow().versionedName();
    return catalog().loadTable(TableIdentifier.of(HistoryTables.NAMESPACE, versioned));
  }

  /** The catalog of this run: the kept one, else the temporary one. */
  private Catalog catalog() {
    return kept == null ? ICEBERG.catalog() : kept.catalog();
  }

  private static String dataFiles(Table table) throws IOException {
    List<String> paths = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> paths.add("'" + task.file().location().replace("file:", "") + "'"));
    }
    return "[" + String.join(", ", paths) + "]";
  }

  /**
   * Runs a phase of ours and prints its wall time and this JVM's heap peaks during it; with {@code
   * -Dtributary.benchmark.jfr=DIR}, records the phase with Java Flight Recorder into {@code DIR}.
   */
  private static long measure(String phase, Callable<Long> work) throws Exception {
    String jfr = System.getProperty("tributary.benchmark.jfr");
    try (HeapPeaks heap = new HeapPeaks();
        Recording recording =
            jfr == null ? null : new Recording(Configuration.getConfiguration("profile"))) {
      if (recording != null) {
        Files.createDirectories(Path.of(jfr));
        recording.setDestination(
            Path.of(jfr, phase.replaceAll("[^A-Za-z0-9]+", "-") + ".jfr").toAbsolutePath());
        recording.start();
      }
      long started = System.nanoTime();
      long cpuStarted = DuckDbProcess.processCpuNanos();
      long result = work.call();
      if (recording != null) {
        recording.stop();
      }
      System.out.printf(
          "BENCH %s: %.1f s, %.1f s of CPU, JVM heap peak %,d MB used, %,d MB after a GC; load average %s%n",
          phase,
          (System.nanoTime() - started) / 1e9,
          (DuckDbProcess.processCpuNanos() - cpuStarted) / 1e9,
          heap.usedPeakMb(),
          heap.afterGcPeakMb(),
          Files.readString(Path.of("/proc/loadavg")).trim());
      return result;
    }
  }

  /**
   * With {@code -Dtributary.benchmark.managed-memory=SIZE} (e.g. {@code 1g}), the MiniCluster's
   * managed memory, which holds Flink's sort buffers: with the local default (128 MB for the two
   * slots) the lookups' sorts spill to disk and merge back.
   */
  private static org.apache.flink.configuration.Configuration managedMemory() {
    org.apache.flink.configuration.Configuration config =
        new org.apache.flink.configuration.Configuration();
    String size = System.getProperty("tributary.benchmark.managed-memory");
    if (size != null) {
      config.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse(size));
    }
    return config;
  }
}
