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

  /**
   * {@code monitoring.drift}: drift of each model input against the training baseline, per version
   * and window, a row per feature each time the watermark passes the end of an hour.
   */
  public static PlannedTable drift() {
    return new PlannedTable(
        "monitoring",
        "drift",
        withWindow(
            column("feature", ValueType.STRING, "the training-set column <view>__<feature>"),
            column("count", ValueType.LONG, "live values, nulls included"),
            column("psi", ValueType.DOUBLE, "population stability index over the baseline's bins"),
            column("js_distance", ValueType.DOUBLE, "Jensen-Shannon distance (base 2) over them"),
            column("ks", ValueType.DOUBLE, "Kolmogorov-Smirnov distance, from sketches"),
            column("ks_error_bound", ValueType.DOUBLE, "largest distance from the exact KS"),
            column("baseline_null_rate", ValueType.DOUBLE, "null share in the training set"),
            column("live_null_rate", ValueType.DOUBLE, "null share in the window"),
            column("null_rate_change", ValueType.DOUBLE, "live_null_rate - baseline_null_rate"),
            column("level", ValueType.STRING, "OK, WARN or ALERT by the model's drift thresholds")),
        "as_of",
        "input drift against the training baseline per version and window");
  }

  /**
   * {@code monitoring.latency}: latency percentiles per version and window (microseconds), a row
   * each time the watermark passes the end of an hour.
   */
  public static PlannedTable latency() {
    List<PlannedColumn> columns = new java.util.ArrayList<>();
    columns.add(column("requests", ValueType.LONG, "predictions of the version in the window"));
    for (String kind : List.of("inference", "request")) {
      String what =
          kind.equals("inference")
              ? "model call"
              : "request to prediction (lookup + queue + inference)";
      for (String p : List.of("p50", "p95", "p99", "max")) {
        columns.add(column(kind + "_" + p + "_us", ValueType.LONG, what + " " + p + ", µs"));
      }
    }
    return new PlannedTable(
        "monitoring",
        "latency",
        withWindow(columns.toArray(PlannedColumn[]::new)),
        "as_of",
        "latency percentiles (HdrHistogram) per version and window");
  }

  /**
   * {@code monitoring.errors}: per version and window, how many requests ended as predictions and
   * how many as the score job's dead letters, a row each time the watermark passes the end of an
   * hour.
   */
  public static PlannedTable errors() {
    return new PlannedTable(
        "monitoring",
        "errors",
        withWindow(
            column("requests", ValueType.LONG, "predictions + errors"),
            column("predictions", ValueType.LONG, "requests of the version that were scored"),
            column("errors", ValueType.LONG, "requests of the version that became dead letters"),
            column("error_rate", ValueType.DOUBLE, "errors / requests")),
        "as_of",
        "error rate (dead letters of the score job) per version and window");
  }

  /**
   * {@code monitoring.ab_tests}: a row per candidate version at each look (each finished hour),
   * against the control version, since the test started.
   */
  public static PlannedTable abTests() {
    List<PlannedColumn> columns = new java.util.ArrayList<>();
    columns.add(column("model", ValueType.STRING, "the model"));
    columns.add(column("control", ValueType.STRING, "the control version (the lowest)"));
    columns.add(column("candidate", ValueType.STRING, "the candidate version"));
    columns.add(
        column(
            "as_of",
            ValueType.TIMESTAMP,
            "event time of the look: the finished hour's end plus label_wait"));
    columns.add(column("control_count", ValueType.LONG, "labelled predictions of the control"));
    columns.add(column("candidate_count", ValueType.LONG, "labelled predictions of the candidate"));
    for (String metric : List.of("auc", "log_loss", "accuracy")) {
      String test =
          switch (metric) {
            case "auc" -> "DeLong";
            case "log_loss" -> "Welch, unpaired: a split's versions score different requests";
            default -> "two-proportion z";
          };
      columns.add(column(metric + "_diff", ValueType.DOUBLE, "candidate - control (" + test + ")"));
      columns.add(column(metric + "_se", ValueType.DOUBLE, "standard error of the difference"));
      columns.add(column(metric + "_low", ValueType.DOUBLE, "95% interval, low"));
      columns.add(column(metric + "_high", ValueType.DOUBLE, "95% interval, high"));
      columns.add(column(metric + "_p", ValueType.DOUBLE, "fixed-sample two-sided p-value"));
      columns.add(
          column(
              metric + "_always_valid_p",
              ValueType.DOUBLE,
              "always-valid p-value (mixture SPRT), safe under repeated looks"));
    }
    columns.add(
        column("verdict", ValueType.STRING, "CANDIDATE_WINS, CONTROL_WINS or NOT_YET_DECIDABLE"));
    columns.add(column("reason", ValueType.STRING, "why, in words"));
    return new PlannedTable(
        "monitoring", "ab_tests", columns, "as_of", "A/B tests between a model's versions");
  }

  /**
   * The columns that say which version and window a row of drift, latency or errors is about
   * (emitted when the watermark passes an hour's end), then {@code columns}.
   */
  private static List<PlannedColumn> withWindow(PlannedColumn... columns) {
    List<PlannedColumn> all =
        new java.util.ArrayList<>(
            List.of(
                column("model", ValueType.STRING, "the model"),
                column("version", ValueType.STRING, "the model version"),
                column("granularity", ValueType.STRING, "HOUR, DAY or SINCE_START"),
                column(
                    "window_start",
                    ValueType.TIMESTAMP,
                    "start of the window (epoch for since start)"),
                column(
                    "as_of", ValueType.TIMESTAMP, "event time the row is as of: its hour's end")));
    all.addAll(List.of(columns));
    return all;
  }

  private static PlannedColumn column(String name, ValueType type, String doc) {
    return new PlannedColumn(name, type, false, false, doc);
  }
}
