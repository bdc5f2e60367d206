package dev.tributary.flink.monitor;

import dev.tributary.core.monitor.alert.WindowSummary;
import dev.tributary.core.monitor.labels.JoinOutcome;
import dev.tributary.core.monitor.quality.QualityResult;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/**
 * Rows of {@code monitoring.model_metrics} and {@code monitoring.labeled_predictions}, in the
 * column order of {@code MonitoringTables}.
 */
final class MetricRows {
  private MetricRows() {}

  static RowData of(WindowSummary summary, long asOf) {
    QualityResult q = summary.quality();
    long finished = summary.labelled() + summary.unlabelled();
    return GenericRowData.of(
        StringData.fromString(summary.model()),
        StringData.fromString(summary.version()),
        StringData.fromString(summary.window().granularity().name()),
        TimestampData.fromEpochMillis(summary.window().start()),
        TimestampData.fromEpochMillis(asOf),
        finished,
        summary.labelled(),
        summary.requests() - finished,
        finished == 0 ? null : summary.labelCoverage(),
        q == null ? 0L : q.positives(),
        q == null ? null : q.baseRate(),
        q == null ? null : q.accuracy(),
        q == null ? null : q.auc(),
        q == null ? null : q.aucErrorBound(),
        q == null ? null : q.aucStandardError(),
        q == null ? null : q.logLoss(),
        q == null ? null : q.brier());
  }

  static RowData labelled(String model, JoinOutcome outcome) {
    return GenericRowData.of(
        StringData.fromString(outcome.prediction().requestId()),
        TimestampData.fromEpochMillis(outcome.prediction().time()),
        StringData.fromString(model),
        StringData.fromString(outcome.prediction().version()),
        StringData.fromString(outcome.prediction().key()),
        outcome.prediction().score(),
        outcome.label().value(),
        TimestampData.fromEpochMillis(outcome.label().time()));
  }
}
