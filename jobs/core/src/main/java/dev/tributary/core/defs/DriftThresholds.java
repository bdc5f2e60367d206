package dev.tributary.core.defs;

import java.io.Serializable;

/**
 * Drift thresholds of a model ({@code monitoring.drift} in models.yaml). PSI has a warning and an
 * alert level (0.1 and 0.25 by the usual rule of thumb); KS and the absolute change of the null
 * rate alert when set (NaN: off). {@code monitor.drift.DriftStatistics} applies them.
 */
public record DriftThresholds(
    double psiWarn, double psiAlert, double ksAlert, double nullRateChangeAlert)
    implements Serializable {
  public static final DriftThresholds DEFAULTS =
      new DriftThresholds(0.1, 0.25, Double.NaN, Double.NaN);
}
