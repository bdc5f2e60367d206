package dev.tributary.core.defs;

import java.io.Serializable;

/**
 * One alert rule of a model ({@code monitoring.alerts} in models.yaml): a kind and its threshold.
 * Drift alerts come from {@link DriftThresholds}, not from here.
 */
public record AlertRule(Kind kind, double threshold, SourceLocation at) implements Serializable {

  /** What a rule watches; the YAML key is the lower-case name. */
  public enum Kind {
    /** AUC of a window below the version's training AUC by more than the threshold. */
    AUC_DROP("auc_drop"),
    /** p99 of request-to-prediction latency above the threshold (ms). */
    P99_LATENCY("p99_latency"),
    /** Share of requests that ended as dead letters above the threshold. */
    ERROR_RATE("error_rate"),
    /** Share of finished predictions that got a label below the threshold. */
    LABEL_COVERAGE("label_coverage");

    private final String key;

    Kind(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }
}
