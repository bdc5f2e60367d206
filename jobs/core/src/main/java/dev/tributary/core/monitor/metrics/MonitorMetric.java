package dev.tributary.core.monitor.metrics;

/**
 * The per-version gauges the monitor job exports as Flink metrics, each holding the value of the
 * version's last finished hour ({@link #TRAINING_AUC}: the version's held-out AUC from its
 * metadata.json). They sit in key-value groups {@code model}, {@code version} (and {@code feature}
 * for PSI: an input's training-set column, or {@code score} for the score's drift), which Flink's
 * Prometheus reporter turns into labels; the Prometheus name is the operator scope, the group keys
 * and the gauge name joined by underscores ({@link #prometheusName()}), as a scrape of a running
 * job shows (tested).
 */
public enum MonitorMetric {
  AUC("auc", false, "AUC"),
  TRAINING_AUC("training_auc", false, "AUC on the held-out rows of training"),
  LOG_LOSS("log_loss", false, "log loss"),
  LABEL_COVERAGE("label_coverage", false, "label coverage"),
  PSI("psi", true, "PSI against the training baseline (feature \"score\": the score's)"),
  REQUEST_LATENCY_P50_US("request_latency_p50_us", false, "request to prediction p50, µs"),
  REQUEST_LATENCY_P95_US("request_latency_p95_us", false, "request to prediction p95, µs"),
  REQUEST_LATENCY_P99_US("request_latency_p99_us", false, "request to prediction p99, µs"),
  INFERENCE_LATENCY_P99_US("inference_latency_p99_us", false, "inference p99, µs"),
  ERROR_RATE("error_rate", false, "dead letters / (predictions + dead letters)");

  /** Flink's scope of an operator metric as the Prometheus reporter names it. */
  static final String OPERATOR_SCOPE = "flink_taskmanager_job_task_operator";

  private final String gauge;
  private final boolean perFeature;
  private final String title;

  MonitorMetric(String gauge, boolean perFeature, String title) {
    this.gauge = gauge;
    this.perFeature = perFeature;
    this.title = title;
  }

  /** The gauge's name in its metric group. */
  public String gauge() {
    return gauge;
  }

  /** True for a gauge per input feature (in a {@code feature} group under the version). */
  public boolean perFeature() {
    return perFeature;
  }

  /** What it is, for people (panel titles). */
  public String title() {
    return title;
  }

  /** The metric's name in a Prometheus scrape. */
  public String prometheusName() {
    return OPERATOR_SCOPE + "_model_version_" + (perFeature ? "feature_" : "") + gauge;
  }
}
