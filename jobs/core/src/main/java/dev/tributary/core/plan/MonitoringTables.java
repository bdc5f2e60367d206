package dev.tributary.core.plan;

import dev.tributary.core.types.ValueType;
import java.util.List;

/** The Iceberg tables the monitor job writes, in namespace {@code monitoring}. */
public final class MonitoringTables {
  private MonitoringTables() {}

  /**
   * {@code monitoring.labeled_predictions}: each prediction whose label arrived within the wait.
   */
  public static PlannedTable labeledPredictions() {
    return new PlannedTable(
        "monitoring",
        "labeled_predictions",
        List.of(
            column("request_id", ValueType.STRING, "the prediction's request id"),
            column("request_time", ValueType.TIMESTAMP, "when the request was made"),
            column("model", ValueType.STRING, "the model"),
            column("version", ValueType.STRING, "the version that served it"),
            column("label_key", ValueType.STRING, "the label's join_on values, encoded"),
            column("score", ValueType.DOUBLE, "predicted probability of the positive class"),
            column("label", ValueType.BOOLEAN, "the observed outcome"),
            column("label_time", ValueType.TIMESTAMP, "when the outcome became known")),
        "request_time",
        "predictions joined to their labels in event time (label_wait)");
  }

  /**
   * {@code monitoring.model_metrics}: quality and label coverage per version and window, a row each
   * time the watermark passes the end of an hour (the hour's final row, its day's and since start's
   * running rows; a day's last row is final).
   */
  public static PlannedTable modelMetrics() {
    return new PlannedTable(
        "monitoring",
        "model_metrics",
        List.of(
            column("model", ValueType.STRING, "the model"),
            column("version", ValueType.STRING, "the model version"),
            column("granularity", ValueType.STRING, "HOUR, DAY or SINCE_START"),
            column(
                "window_start", ValueType.TIMESTAMP, "start of the window (epoch for since start)"),
            column(
                "as_of",
                ValueType.TIMESTAMP,
                "event time the row is as of: its hour's end plus label_wait"),
            column("predictions", ValueType.LONG, "predictions whose label wait ended"),
            column("labelled", ValueType.LONG, "of them, joined to a label"),
            column("late", ValueType.LONG, "predictions behind the watermark, not joined"),
            column("label_coverage", ValueType.DOUBLE, "labelled / predictions"),
            column("positives", ValueType.LONG, "labels that were positive"),
            column("base_rate", ValueType.DOUBLE, "positives / labelled"),
            column("accuracy", ValueType.DOUBLE, "at the model's threshold"),
            column("auc", ValueType.DOUBLE, "from the score histogram"),
            column("auc_error_bound", ValueType.DOUBLE, "largest distance from the exact AUC"),
            column("auc_standard_error", ValueType.DOUBLE, "DeLong standard error"),
            column("log_loss", ValueType.DOUBLE, "mean log loss, clipped"),
            column("brier", ValueType.DOUBLE, "mean squared error of the score")),
        "as_of",
        "model quality per version and window (hourly, daily, since start)");
  }

  /** {@code monitoring.alerts}: every alert raised, also sent to the {@code alerts} topic. */
  public static PlannedTable alerts() {
    return new PlannedTable(
        "monitoring",
        "alerts",
        List.of(
            column("model", ValueType.STRING, "the model"),
            column("version", ValueType.STRING, "the model version"),
            column("granularity", ValueType.STRING, "HOUR, DAY or SINCE_START"),
            column("window_start", ValueType.TIMESTAMP, "start of the window"),
            column(
                "rule",
                ValueType.STRING,
                "auc_drop, p99_latency, error_rate, label_coverage, drift"),
            column("severity", ValueType.STRING, "WARNING or ALERT"),
            column("subject", ValueType.STRING, "the feature of a drift alert, else the model"),
            column("observed", ValueType.DOUBLE, "the value that broke the rule"),
            column("threshold", ValueType.DOUBLE, "the rule's threshold"),
            column("message", ValueType.STRING, "what happened, for people")),
        "window_start",
        "alerts of the monitor job");
  }

  private static PlannedColumn column(String name, ValueType type, String doc) {
    return new PlannedColumn(name, type, false, false, doc);
  }
}
