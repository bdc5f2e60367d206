package dev.tributary.flink.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.flink.HistoryRows;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a backfill of {@code [firstDay, endDay)} must leave in a history table that held {@code
 * before}: inside the days, rows written by the backfill with the same values as of every instant
 * (the same rows, when no feature is a sketch: a sketch's value, and so its change points, depend
 * on the order events arrive in); outside them, the rows untouched. Sketch values are left to
 * {@code HistoryAssertions}, which checks them within their error bounds against the raw events
 * (BackfillJobTest does after every run).
 */
final class SameHistory {
  private SameHistory() {}

  static void assertReplaced(
      HistoryRows before,
      HistoryRows after,
      long firstDay,
      long endDay,
      String jobId,
      String context) {
    assertEquals(before.byKey().keySet(), after.byKey().keySet(), context + ": entities");
    long inDays = 0;
    for (List<Object> key : before.byKey().keySet()) {
      TreeMap<Long, HistoryRows.Row> old = before.byKey().get(key);
      TreeMap<Long, HistoryRows.Row> now = after.byKey().get(key);
      assertEquals(
          old.headMap(firstDay),
          now.headMap(firstDay),
          context + ", " + key + ": rows before the days");
      assertEquals(
          old.tailMap(endDay), now.tailMap(endDay), context + ", " + key + ": rows after the days");
      SortedMap<Long, HistoryRows.Row> days = now.subMap(firstDay, endDay);
      inDays += days.size();
      days.values()
          .forEach(
              row -> assertEquals(jobId, row.jobId(), context + ", " + key + ": who wrote " + row));
      if (!before.hasApproximateFeatures()) {
        assertEquals(
            values(old.subMap(firstDay, endDay)),
            values(days),
            context + ", " + key + ": rows of the days");
      }
      TreeSet<Long> times = new TreeSet<>(old.subMap(firstDay, endDay).keySet());
      times.addAll(days.keySet());
      times.add(firstDay);
      for (long t : times) {
        assertEquals(
            before.exactValuesAsOf(key, t),
            after.exactValuesAsOf(key, t),
            context + ", " + key + ": exact features as of " + t);
      }
    }
    assertTrue(inDays > 1000, context + ": the days hold rows (" + inDays + ")");
  }

  private static Map<Long, List<Object>> values(SortedMap<Long, HistoryRows.Row> rows) {
    Map<Long, List<Object>> values = new TreeMap<>();
    rows.forEach((validFrom, row) -> values.put(validFrom, row.values()));
    return values;
  }
}
