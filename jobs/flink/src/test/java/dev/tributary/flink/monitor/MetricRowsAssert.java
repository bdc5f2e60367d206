package dev.tributary.flink.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.Model;
import dev.tributary.core.monitor.Granularity;
import dev.tributary.core.monitor.WindowKey;
import dev.tributary.core.monitor.alert.WindowSummary;
import dev.tributary.core.monitor.labels.WindowQuality;
import dev.tributary.core.monitor.quality.QualityResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.Record;

/**
 * The rows of {@code monitoring.model_metrics} against the core's {@link WindowQuality} of each
 * window computed by a test from the same predictions and labels: exactly one row per hour, and the
 * final row (latest {@code as_of}) of every window equal to the expected one.
 */
final class MetricRowsAssert {
  private MetricRowsAssert() {}

  /**
   * @param expected per {@code "<version> <granularity> <window start>"}, the window's outcomes
   */
  static void equalTo(Map<String, WindowQuality> expected, List<Record> rows, Model model) {
    Map<String, Record> finalRows = new HashMap<>();
    for (Record row : rows) {
      long start = MonitoringRows.millis(row.getField("window_start"));
      String key = row.getField("version") + " " + row.getField("granularity") + " " + start;
      if (!expected.keySet().stream().anyMatch(k -> k.startsWith(row.getField("version") + " "))) {
        continue; // a version the test does not compute
      }
      Record before = finalRows.get(key);
      if (row.getField("granularity").equals("HOUR")) {
        assertEquals(null, before, "one row per hour: " + key);
      }
      if (before == null
          || MonitoringRows.millis(before.getField("as_of"))
              < MonitoringRows.millis(row.getField("as_of"))) {
        finalRows.put(key, row);
      }
    }
    assertEquals(expected.keySet(), finalRows.keySet());
    for (var entry : expected.entrySet()) {
      String[] parts = entry.getKey().split(" ");
      WindowQuality window = entry.getValue();
      WindowSummary summary =
          window.summary(
              model.name(),
              parts[0],
              new WindowKey(Granularity.valueOf(parts[1]), Long.parseLong(parts[2])),
              null);
      Record row = finalRows.get(entry.getKey());
      String what = entry.getKey();
      assertEquals(summary.labelled(), row.getField("labelled"), what);
      assertEquals(summary.labelled() + summary.unlabelled(), row.getField("predictions"), what);
      assertEquals(window.late(), row.getField("late"), what);
      QualityResult q = summary.quality();
      if (q == null) {
        assertEquals(null, row.getField("auc"), what);
        continue;
      }
      assertEquals(q.positives(), row.getField("positives"), what);
      assertClose(summary.labelCoverage(), row.getField("label_coverage"), what);
      assertClose(q.accuracy(), row.getField("accuracy"), what);
      assertClose(q.auc(), row.getField("auc"), what);
      assertClose(q.logLoss(), row.getField("log_loss"), what);
      assertClose(q.brier(), row.getField("brier"), what);
    }
  }

  private static void assertClose(double expected, Object actual, String what) {
    if (Double.isNaN(expected)) {
      assertTrue(actual == null || Double.isNaN((Double) actual), what);
      return;
    }
    assertEquals(expected, (Double) actual, 1e-9, what);
  }
}
