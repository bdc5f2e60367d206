package dev.tributary.flink.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.training.FeatureBaseline;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.TrainingTables;
import dev.tributary.flink.backfill.BackfillJob;
import dev.tributary.flink.backfill.BackfillSettings;
import dev.tributary.flink.iceberg.CatalogConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The flight_delay model's training set from the committed flights sample, built both ways (as-of
 * join over history tables written by the backfill, and recompute from the raw events), equals an
 * independent computation: DuckDB running plain SQL window queries, written from the definitions'
 * YAML and docs/semantics.md, not from the core.
 */
class TrainingSetFlightsTest {
  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  private static final long JAN_1 = Instant.parse("2001-01-01T00:00:00Z").toEpochMilli();
  private static final long SPINE_FROM = Instant.parse("2001-01-02T06:00:00Z").toEpochMilli();
  private static final long SPINE_TO = Instant.parse("2001-01-02T18:00:00Z").toEpochMilli();
  private static final long JAN_3 = Instant.parse("2001-01-03T00:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;

  /**
   * The model's inputs as SQL: column, entity columns, window, hop (the documented defaults: 5 min
   * under 12 h, 1 h up to 12 days), the view's TTL, and the aggregate over the flights in the
   * window.
   */
  private record Oracle(
      String column, String entity, long window, long hop, long ttl, String aggregate) {}

  private static final String DELAY = "avg(delay)";
  private static final String LATE = "avg(CASE WHEN delay > 15 THEN 1 ELSE 0 END)";
  private static final List<Oracle> ORACLES =
      List.of(
          new Oracle("origin_delays__mean_delay_1h", "origin", HOUR, 5 * MINUTE, 8 * DAY, DELAY),
          new Oracle("origin_delays__late_share_1h", "origin", HOUR, 5 * MINUTE, 8 * DAY, LATE),
          new Oracle(
              "origin_delays__mean_delay_3h", "origin", 3 * HOUR, 5 * MINUTE, 8 * DAY, DELAY),
          new Oracle("origin_delays__late_share_3h", "origin", 3 * HOUR, 5 * MINUTE, 8 * DAY, LATE),
          new Oracle("origin_delays__late_share_24h", "origin", DAY, HOUR, 8 * DAY, LATE),
          new Oracle("origin_delays__late_share_7d", "origin", 7 * DAY, HOUR, 8 * DAY, LATE),
          new Oracle("origin_delays__flights_1h", "origin", HOUR, 5 * MINUTE, 8 * DAY, "count(*)"),
          new Oracle(
              "dest_delays__mean_delay_3h", "destination", 3 * HOUR, 5 * MINUTE, 2 * DAY, DELAY),
          new Oracle("dest_delays__late_share_24h", "destination", DAY, HOUR, 2 * DAY, LATE),
          new Oracle(
              "route_delays__mean_delay_7d", "origin, destination", 7 * DAY, HOUR, 8 * DAY, DELAY),
          new Oracle(
              "route_delays__late_share_7d", "origin, destination", 7 * DAY, HOUR, 8 * DAY, LATE));

  private final FeatureRepository definitions = FlightsSample.definitions();

  @Test
  void bothStrategiesEqualEachOtherAndDuckDbWindowQueries() throws Exception {
    CatalogConfig catalog = new CatalogConfig(LocalIcebergCatalog.NAME, ICEBERG.properties());
    BackfillJob backfill =
        new BackfillJob(
            definitions,
            new BackfillSettings(
                catalog,
                "backfill",
                JAN_1,
                JAN_3,
                List.of("origin_delays", "dest_delays", "route_delays"),
                Map.of()));
    long start = System.nanoTime();
    run(backfill::build, "backfill");
    System.out.printf("backfill %d ms%n", (System.nanoTime() - start) / 1_000_000);

    long started = System.nanoTime();
    List<FeatureBaseline> baselines =
        trainingSet(catalog, "flights_history", TrainingStrategy.HISTORY_JOIN);
    long joined = System.nanoTime();
    trainingSet(catalog, "flights_recompute", TrainingStrategy.RECOMPUTE);
    System.out.printf(
        "training sets: history join %d ms, recompute %d ms%n",
        (joined - started) / 1_000_000, (System.nanoTime() - joined) / 1_000_000);

    List<List<Object>> history = TrainingTables.rows(ICEBERG.catalog(), "flights_history");
    List<List<Object>> recomputed = TrainingTables.rows(ICEBERG.catalog(), "flights_recompute");
    assertTrue(history.size() > 8_000, "half a day of flights: " + history.size());
    assertEquals(history, recomputed, "both strategies give the same rows");

    List<String> columns = TrainingTables.columnNames(ICEBERG.catalog(), "flights_history");
    assertEquals(
        List.of("date", "delay", "distance", "origin", "destination", "label", "as_of"),
        columns.subList(0, 7),
        "spine columns first");
    assertEquals(ORACLES.stream().map(Oracle::column).toList(), columns.subList(7, columns.size()));
    assertEquals(11, baselines.size());
    assertEquals(history.size(), baselines.get(0).count());
    assertEquals(
        baselines,
        BaselineTable.read(ICEBERG.catalog(), "flights_history"),
        "the stats table gives back every baseline, KLL sketch included");
    assertTrue(baselines.stream().allMatch(b -> b.sketch() != null));

    assertEqualsDuckDb(history, columns);
  }

  private List<FeatureBaseline> trainingSet(
      CatalogConfig catalog, String name, TrainingStrategy strategy) throws Exception {
    TrainingSetJob job =
        TrainingSetJob.forModel(
            definitions,
            "flight_delay",
            new TrainingSetSettings(
                catalog, name, SPINE_FROM, SPINE_TO, strategy, name, Map.of(), 10));
    run(job::build, name);
    return job.finish();
  }

  private interface Build {
    void build(StreamExecutionEnvironment env);
  }

  private static void run(Build build, String name) throws Exception {
    StreamExecutionEnvironment env = FLINK.environment();
    build.build(env);
    env.execute(name);
  }

  /** Every 5th spine row's features against DuckDB's plain SQL over the raw flights. */
  private void assertEqualsDuckDb(List<List<Object>> rows, List<String> columns) throws Exception {
    Path csv = definitions.source("flights").orElseThrow().files().orElseThrow().path();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = duck.createStatement()) {
      sql.execute(
          "CREATE TABLE flights AS SELECT origin, destination, delay, "
              + "epoch_ms(date) + delay * 60000 AS ev FROM read_csv('"
              + csv
              + "', header = true, "
              + "columns = {'date': 'TIMESTAMP', 'delay': 'BIGINT', 'distance': 'BIGINT', 'origin': 'VARCHAR', "
              + "'destination': 'VARCHAR'})");
      sql.execute(
          "CREATE TABLE spine (id INTEGER, origin VARCHAR, destination VARCHAR, t BIGINT, delay BIGINT)");
      int origin = columns.indexOf("origin");
      int destination = columns.indexOf("destination");
      int asOf = columns.indexOf("as_of");
      List<List<Object>> sample = new ArrayList<>();
      try (PreparedStatement insert =
          duck.prepareStatement("INSERT INTO spine VALUES (?, ?, ?, ?, ?)")) {
        for (int i = 0; i < rows.size(); i += 5) {
          List<Object> row = rows.get(i);
          insert.setInt(1, sample.size());
          insert.setString(2, (String) row.get(origin));
          insert.setString(3, (String) row.get(destination));
          insert.setLong(4, (Long) row.get(asOf));
          insert.setLong(5, (Long) row.get(columns.indexOf("delay")));
          insert.addBatch();
          sample.add(row);
        }
        insert.executeBatch();
      }
      for (Oracle oracle : ORACLES) {
        Object[] expected = oracleValues(sql, oracle, sample.size());
        int column = columns.indexOf(oracle.column());
        for (int i = 0; i < sample.size(); i++) {
          assertEquals(
              expected[i],
              sample.get(i).get(column),
              oracle.column() + " of spine row " + sample.get(i));
        }
      }
      assertLabelsOwnFlightStaysOut(sql);
    }
  }

  /**
   * The contract as SQL: the window is [floor((t - W) / H) * H, t), head exclusive; all null when
   * the newest flight before t is older than t - TTL or there is none; an empty window gives count
   * 0 and a null average.
   */
  private static Object[] oracleValues(Statement sql, Oracle oracle, int size) throws Exception {
    String match =
        oracle.entity().equals("origin")
            ? "f.origin = s.origin"
            : oracle.entity().equals("destination")
                ? "f.destination = s.destination"
                : "f.origin = s.origin AND f.destination = s.destination";
    String query =
        "SELECT s.id, "
            + "(SELECT max(ev) FROM flights f WHERE "
            + match
            + " AND f.ev < s.t) AS newest, "
            + "(SELECT "
            + oracle.aggregate()
            + " FROM flights f WHERE "
            + match
            + " AND f.ev >= (s.t - "
            + oracle.window()
            + ") // "
            + oracle.hop()
            + " * "
            + oracle.hop()
            + " AND f.ev < s.t) AS value, s.t FROM spine s ORDER BY s.id";
    Object[] values = new Object[size];
    try (ResultSet result = sql.executeQuery(query)) {
      while (result.next()) {
        long newest = result.getLong("newest");
        boolean expired = result.wasNull() || newest < result.getLong("t") - oracle.ttl();
        Object value = result.getObject("value");
        values[result.getInt("id")] =
            expired
                ? null
                : value instanceof Number n && oracle.aggregate().startsWith("count")
                    ? (Object) n.longValue()
                    : value instanceof Number n ? (Object) n.doubleValue() : value;
      }
    }
    return values;
  }

  /**
   * Leakage guard: a spine row's as-of time (2 h before the scheduled departure) is before its own
   * flight's event time (the actual departure) unless the flight left more than 2 h early, so the
   * exclusive head keeps the flight, and everything after the prediction, out of its features.
   */
  private static void assertLabelsOwnFlightStaysOut(Statement sql) throws Exception {
    try (ResultSet result =
        sql.executeQuery(
            "SELECT count(*) FILTER (WHERE t + 2 * 3600000 + delay * 60000 <= t), "
                + "count(*) FILTER (WHERE delay <= -120), count(*) FROM spine")) {
      result.next();
      assertEquals(
          result.getLong(2),
          result.getLong(1),
          "only flights that left 2 h early are seen by their own row");
      assertTrue(result.getLong(3) > 1000);
    }
  }
}
