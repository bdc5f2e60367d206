package dev.tributary.core.monitor.drift;

/** How far a feature drifted, against the model's thresholds. */
public enum DriftLevel {
  OK,
  WARN,
  ALERT
}
