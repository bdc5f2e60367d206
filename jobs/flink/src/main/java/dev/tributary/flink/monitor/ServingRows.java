package dev.tributary.flink.monitor;

import dev.tributary.core.monitor.ab.AbResult;
import dev.tributary.core.monitor.ab.Comparison;
import dev.tributary.core.monitor.alert.WindowSummary;
import dev.tributary.core.monitor.drift.DriftResult;
import dev.tributary.core.monitor.latency.LatencyPercentiles;
import dev.tributary.core.monitor.serving.ErrorWindow;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/**
 * Rows of {@code monitoring.drift}, {@code monitoring.latency}, {@code monitoring.errors} and
 * {@code monitoring.ab_tests}, in the column order of {@code MonitoringTables}. NaN (a statistic
 * without data) is written as null.
 */
final class ServingRows {
  private ServingRows() {}

  static RowData drift(WindowSummary window, long asOf, DriftResult d) {
    List<Object> row = windowColumns(window, asOf);
    row.add(StringData.fromString(d.feature()));
    row.add(d.count());
    row.add(orNull(d.psi()));
    row.add(orNull(d.jensenShannon()));
    row.add(orNull(d.ks()));
    row.add(orNull(d.ksErrorBound()));
    row.add(orNull(d.baselineNullRate()));
    row.add(orNull(d.liveNullRate()));
    row.add(orNull(d.liveNullRate() - d.baselineNullRate()));
    row.add(StringData.fromString(d.level().name()));
    return GenericRowData.of(row.toArray());
  }

  static RowData latency(WindowSummary window, long asOf, LatencyPercentiles inference) {
    List<Object> row = windowColumns(window, asOf);
    row.add(window.requests());
    for (LatencyPercentiles p : List.of(inference, window.requestLatency())) {
      row.addAll(List.of(p.p50(), p.p95(), p.p99(), p.max()));
    }
    return GenericRowData.of(row.toArray());
  }

  static RowData errors(WindowSummary window, long asOf, ErrorWindow errors) {
    List<Object> row = windowColumns(window, asOf);
    row.add(errors.requests());
    row.add(errors.predictions());
    row.add(errors.errors());
    row.add(orNull(errors.errorRate()));
    return GenericRowData.of(row.toArray());
  }

  static RowData abTest(String model, long asOf, AbResult r) {
    List<Object> row = new ArrayList<>();
    row.add(StringData.fromString(model));
    row.add(StringData.fromString(r.control()));
    row.add(StringData.fromString(r.candidate()));
    row.add(TimestampData.fromEpochMillis(asOf));
    row.add(r.controlCount());
    row.add(r.candidateCount());
    comparison(row, r.auc(), r.aucAlwaysValidP());
    comparison(row, r.logLoss(), r.logLossAlwaysValidP());
    comparison(row, r.accuracy(), r.accuracyAlwaysValidP());
    row.add(StringData.fromString(r.verdict().name()));
    row.add(StringData.fromString(r.reason()));
    return GenericRowData.of(row.toArray());
  }

  private static void comparison(List<Object> row, Comparison c, double alwaysValidP) {
    for (double value :
        new double[] {
          c.estimate(), c.standardError(), c.low(), c.high(), c.pValue(), alwaysValidP
        }) {
      row.add(orNull(value));
    }
  }

  private static List<Object> windowColumns(WindowSummary window, long asOf) {
    List<Object> row = new ArrayList<>();
    row.add(StringData.fromString(window.model()));
    row.add(StringData.fromString(window.version()));
    row.add(StringData.fromString(window.window().granularity().name()));
    row.add(TimestampData.fromEpochMillis(window.window().start()));
    row.add(TimestampData.fromEpochMillis(asOf));
    return row;
  }

  private static Double orNull(double value) {
    return Double.isNaN(value) ? null : value;
  }
}
