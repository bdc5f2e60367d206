package dev.tributary.flink.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FileInput;
import dev.tributary.core.plan.HistoryTables;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.iceberg.CatalogConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The training-set strategies against DuckDB on the same rows, for docs/benchmarks.md: the history
 * join against DuckDB's ASOF JOIN over the same history files, the recompute against DuckDB
 * computing the windowed features with plain SQL, on a spine of the flight_delay label rows of the
 * 3 M flights. Opt-in ({@code -Dtributary.benchmark=true}) and only where the data set exists;
 * {@code -Dtributary.benchmark.days=N} sets the spine's length (61 days: about 1 M rows);
 * {@code -Dtributary.benchmark.recompute-only=true} skips the backfill and the history join (a
 * backfill of 4 months in one run does not fit a 3 GB heap: see docs/benchmarks.md).
 */
class TrainingSetBenchmark {
  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  private static final long DAY = 86_400_000L;
  private static final long FROM = Instant.parse("2001-03-01T00:00:00Z").toEpochMilli();

  private final FeatureRepository definitions = FlightsSample.definitions();
  private final Path parquet = FlightsSample.repositoryRoot().resolve("../shared/data/flights-3m.parquet").normalize();

  @Test
  void historyJoinAndRecomputeAgainstDuckDb() throws Exception {
    assumeTrue(Boolean.getBoolean("tributary.benchmark"), "a benchmark: run with -Dtributary.benchmark=true");
    assumeTrue(Files.exists(parquet), "needs ../shared/data/flights-3m.parquet (development machines only)");
    long to = FROM + Long.getLong("tributary.benchmark.days", 61) * DAY;
    CatalogConfig catalog = new CatalogConfig(LocalIcebergCatalog.NAME, ICEBERG.properties());
    Map<String, FileInput> files = Map.of("flights", new FileInput(parquet, "parquet"));

    boolean history = !Boolean.getBoolean("tributary.benchmark.recompute-only");
    long first = Instant.parse("2001-01-01T00:00:00Z").toEpochMilli();
    BackfillJob backfill = new BackfillJob(definitions, new BackfillSettings(catalog, "bench", first, to,
        List.of("origin_delays", "dest_delays", "route_delays"), files));
    long ours = 0;
    if (history) {
      measure("backfill, 3 views", () -> run(backfill::build));
      ours = measure("history join", () -> trainingSet(catalog, files, to, TrainingStrategy.HISTORY_JOIN));
    }
    long recomputed = measure("recompute", () -> trainingSet(catalog, files, to, TrainingStrategy.RECOMPUTE));
    System.out.printf("BENCH spine rows: %,d (history join %,d)%n", recomputed, ours);

    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duck.createStatement()) {
      sql.execute("SET threads = 2");
      measure("duckdb load spine and flights", () -> {
        sql.execute("CREATE TABLE flights AS SELECT origin, destination, delay, "
            + "epoch_ms(date) + delay * 60000 AS ev FROM read_parquet('" + parquet + "') WHERE epoch_ms(date) + delay * 60000 < " + to);
        sql.execute("CREATE TABLE spine AS SELECT row_number() OVER () AS id, date, delay, distance, origin, destination, "
            + "delay > 15 AS label, epoch_ms(date) - 7200000 AS as_of FROM read_parquet('" + parquet + "') "
            + "WHERE epoch_ms(date) - 7200000 >= " + FROM + " AND epoch_ms(date) - 7200000 < " + to);
        return count(sql, "spine");
      });
      if (history) {
        measure("duckdb ASOF JOIN", () -> {
          for (String view : List.of("origin_delays", "dest_delays", "route_delays")) {
            sql.execute("CREATE TABLE " + view + " AS SELECT *, epoch_ms(valid_from) AS vf FROM read_parquet("
                + historyFiles(view) + ")");
          }
          sql.execute("CREATE TABLE asof_result AS SELECT s.*, o.mean_delay_1h, o.late_share_1h, o.mean_delay_3h, "
              + "o.late_share_3h, o.late_share_24h, o.late_share_7d, o.flights_1h, d.mean_delay_3h AS d_mean_delay_3h, "
              + "d.late_share_24h AS d_late_share_24h, r.mean_delay_7d, r.late_share_7d FROM spine s "
              + "ASOF LEFT JOIN origin_delays o ON s.origin = o.airport AND s.as_of >= o.vf "
              + "ASOF LEFT JOIN dest_delays d ON s.destination = d.airport AND s.as_of >= d.vf "
              + "ASOF LEFT JOIN route_delays r ON s.origin = r.origin AND s.destination = r.destination AND s.as_of >= r.vf");
          return count(sql, "asof_result");
        });
        assertEquals(recomputed, count(sql, "asof_result"), "DuckDB joined the same spine");
      }
      measure("duckdb windowed SQL, 1h and 3h features (6 of 11)", () -> {
        sql.execute("CREATE TABLE windowed AS SELECT s.id, "
            + window("origin", 3_600_000, 300_000, "avg(delay)") + " AS mean_delay_1h, "
            + window("origin", 3_600_000, 300_000, "avg(CASE WHEN delay > 15 THEN 1 ELSE 0 END)") + " AS late_share_1h, "
            + window("origin", 3_600_000, 300_000, "count(*)") + " AS flights_1h, "
            + window("origin", 10_800_000, 300_000, "avg(delay)") + " AS mean_delay_3h, "
            + window("origin", 10_800_000, 300_000, "avg(CASE WHEN delay > 15 THEN 1 ELSE 0 END)") + " AS late_share_3h, "
            + window("destination", 10_800_000, 300_000, "avg(delay)") + " AS d_mean_delay_3h FROM spine s");
        return count(sql, "windowed");
      });
      if (Boolean.getBoolean("tributary.benchmark.long-windows")) {
        measure("duckdb windowed SQL, 24h and 7d features (5 of 11)", () -> {
          sql.execute("CREATE TABLE windowed_long AS SELECT s.id, "
              + window("origin", DAY, 3_600_000, "avg(CASE WHEN delay > 15 THEN 1 ELSE 0 END)") + " AS late_share_24h, "
              + window("origin", 7 * DAY, 3_600_000, "avg(CASE WHEN delay > 15 THEN 1 ELSE 0 END)") + " AS late_share_7d, "
              + window("destination", DAY, 3_600_000, "avg(CASE WHEN delay > 15 THEN 1 ELSE 0 END)") + " AS d_late_share_24h, "
              + window("origin, destination", 7 * DAY, 3_600_000, "avg(delay)") + " AS mean_delay_7d, "
              + window("origin, destination", 7 * DAY, 3_600_000, "avg(CASE WHEN delay > 15 THEN 1 ELSE 0 END)")
              + " AS late_share_7d FROM spine s");
          return count(sql, "windowed_long");
        });
      }
    }
  }

  /** A correlated subquery per feature: the contract's window [floor((t - W) / H) * H, t); TTL left out. */
  private static String window(String keys, long window, long hop, String aggregate) {
    StringBuilder match = new StringBuilder();
    for (String key : keys.split(", ")) {
      match.append(" AND f.").append(key).append(" = s.").append(key);
    }
    return "(SELECT " + aggregate + " FROM flights f WHERE f.ev >= (s.as_of - " + window + ") // " + hop + " * " + hop
        + " AND f.ev < s.as_of" + match + ")";
  }

  private long trainingSet(CatalogConfig catalog, Map<String, FileInput> files, long to, TrainingStrategy strategy)
      throws Exception {
    String name = "bench_" + strategy.name().toLowerCase();
    TrainingSetJob job = TrainingSetJob.forModel(definitions, "flight_delay",
        new TrainingSetSettings(catalog, name, FROM, to, strategy, name, files, 10));
    run(job::build);
    job.finish();
    Table table = ICEBERG.catalog().loadTable(TableIdentifier.of(TrainingColumns.NAMESPACE, name));
    return Long.parseLong(table.currentSnapshot().summary().get("total-records"));
  }

  private String historyFiles(String view) throws IOException {
    String versioned = definitions.view(view).orElseThrow().versionedName();
    Table table = ICEBERG.catalog().loadTable(TableIdentifier.of(HistoryTables.NAMESPACE, versioned));
    List<String> paths = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> paths.add("'" + task.file().location().replace("file:", "") + "'"));
    }
    return "[" + String.join(", ", paths) + "]";
  }

  private static long count(Statement sql, String table) throws Exception {
    try (ResultSet result = sql.executeQuery("SELECT count(*) FROM " + table)) {
      result.next();
      return result.getLong(1);
    }
  }

  private interface Build {
    void build(StreamExecutionEnvironment env);
  }

  private static long run(Build build) throws Exception {
    StreamExecutionEnvironment env = FLINK.environment();
    build.build(env);
    env.execute();
    return 0;
  }

  /** Runs a phase and prints its wall time, this JVM's peak heap and the process's peak RSS growth. */
  private static long measure(String phase, Callable<Long> work) throws Exception {
    System.gc();
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    long rssBefore = peakRssKb();
    long started = System.nanoTime();
    long result = work.call();
    double seconds = (System.nanoTime() - started) / 1e9;
    long heapPeak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    System.out.printf("BENCH %s: %.1f s, JVM heap peak %,d MB, process peak RSS +%,d MB (now %,d MB)%n", phase, seconds,
        heapPeak >> 20, (peakRssKb() - rssBefore) >> 10, peakRssKb() >> 10);
    return result;
  }

  private static long peakRssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }
}
