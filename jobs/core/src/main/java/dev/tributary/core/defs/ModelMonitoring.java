package dev.tributary.core.defs;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * How a model is monitored ({@code monitoring:} of a model in models.yaml; every key optional).
 *
 * <pre>
 * monitoring:
 *   threshold: 0.5          # a score at or above it predicts the positive class (accuracy)
 *   label_wait: 6h          # how long a prediction waits for its label in event time
 *   min_labels: 100         # labels of each class a window needs before AUC alerts
 *   drift: {psi_warn: 0.1, psi_alert: 0.25, ks_alert: 0.2, null_rate_alert: 0.1}
 *   alerts: {auc_drop: 0.05, p99_latency: 250ms, error_rate: 0.01, label_coverage: 0.8}
 * </pre>
 */
public record ModelMonitoring(
    double threshold,
    Duration labelWait,
    long minLabels,
    DriftThresholds drift,
    List<AlertRule> alerts)
    implements Serializable {
  public static final ModelMonitoring DEFAULTS =
      new ModelMonitoring(0.5, Duration.ofHours(6), 100, DriftThresholds.DEFAULTS, List.of());

  public ModelMonitoring {
    alerts = List.copyOf(alerts);
  }
}
