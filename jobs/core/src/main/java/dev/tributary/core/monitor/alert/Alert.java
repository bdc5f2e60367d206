package dev.tributary.core.monitor.alert;

import dev.tributary.core.monitor.WindowKey;

/**
 * One alert, as written to {@code monitoring.alerts} and the {@code alerts} topic.
 *
 * @param rule {@code auc_drop}, {@code p99_latency}, {@code error_rate}, {@code label_coverage} or
 *     {@code drift}
 * @param subject the feature for drift alerts, else the model
 * @param observed the value that broke the rule
 * @param threshold the rule's threshold
 */
public record Alert(
    String model,
    String version,
    WindowKey window,
    String rule,
    Severity severity,
    String subject,
    double observed,
    double threshold,
    String message) {

  public enum Severity {
    WARNING,
    ALERT
  }
}
