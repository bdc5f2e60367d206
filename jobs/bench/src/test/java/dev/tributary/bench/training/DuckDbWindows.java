package dev.tributary.bench.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The recompute strategy's counterpart in DuckDB: the flight_delay features computed with plain SQL
 * from the contract, each a correlated subquery over the window {@code [floor((t - W) / H) * H, t)}
 * of the spine row's time (TTL left out), for {@code TrainingSetBenchmark}. Needs the table {@code
 * spine} already loaded.
 */
final class DuckDbWindows {
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;
  private static final long FIVE_MINUTES = 300_000L;
  private static final String LATE = "avg(CASE WHEN delay > 15 THEN 1 ELSE 0 END)";

  private DuckDbWindows() {}

  /**
   * Loading the flights before {@code to}, the 1 h and 3 h features (6 of 11), and with {@code
   * long} the others.
   */
  static List<DuckDbProcess.Phase> phases(Path parquet, long to, boolean longWindows) {
    List<DuckDbProcess.Phase> phases = new ArrayList<>();
    phases.add(
        new DuckDbProcess.Phase(
            "load flights",
            List.of(
                "CREATE TABLE flights AS SELECT origin, destination, "
                    + "delay, epoch_ms(date) + delay * 60000 AS ev FROM read_parquet('"
                    + parquet
                    + "') "
                    + "WHERE epoch_ms(date) + delay * 60000 < "
                    + to),
            "flights"));
    phases.add(
        new DuckDbProcess.Phase(
            "windowed SQL, 1h and 3h features (6 of 11)",
            List.of(
                "CREATE TABLE windowed AS SELECT s.id, "
                    + window("origin", HOUR, FIVE_MINUTES, "avg(delay)")
                    + " AS mean_delay_1h, "
                    + window("origin", HOUR, FIVE_MINUTES, LATE)
                    + " AS late_share_1h, "
                    + window("origin", HOUR, FIVE_MINUTES, "count(*)")
                    + " AS flights_1h, "
                    + window("origin", 3 * HOUR, FIVE_MINUTES, "avg(delay)")
                    + " AS mean_delay_3h, "
                    + window("origin", 3 * HOUR, FIVE_MINUTES, LATE)
                    + " AS late_share_3h, "
                    + window("destination", 3 * HOUR, FIVE_MINUTES, "avg(delay)")
                    + " AS d_mean_delay_3h FROM spine s"),
            "windowed"));
    if (longWindows) {
      phases.add(
          new DuckDbProcess.Phase(
              "windowed SQL, 24h and 7d features (5 of 11)",
              List.of(
                  "CREATE TABLE windowed_long AS SELECT s.id, "
                      + window("origin", DAY, HOUR, LATE)
                      + " AS late_share_24h, "
                      + window("origin", 7 * DAY, HOUR, LATE)
                      + " AS late_share_7d, "
                      + window("destination", DAY, HOUR, LATE)
                      + " AS d_late_share_24h, "
                      + window("origin, destination", 7 * DAY, HOUR, "avg(delay)")
                      + " AS mean_delay_7d, "
                      + window("origin, destination", 7 * DAY, HOUR, LATE)
                      + " AS late_share_7d FROM spine s"),
              "windowed_long"));
    }
    return phases;
  }

  /** A correlated subquery for one feature: the rows of the spine row's keys in its window. */
  private static String window(String keys, long window, long hop, String aggregate) {
    StringBuilder match = new StringBuilder();
    for (String key : keys.split(", ")) {
      match.append(" AND f.").append(key).append(" = s.").append(key);
    }
    return "(SELECT "
        + aggregate
        + " FROM flights f WHERE f.ev >= (s.as_of - "
        + window
        + ") // "
        + hop
        + " * "
        + hop
        + " AND f.ev < s.as_of"
        + match
        + ")";
  }
}
