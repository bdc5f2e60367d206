package dev.tributary.core.monitor.drift;

import dev.tributary.core.defs.DriftThresholds;
import dev.tributary.core.training.FeatureBaseline;

/**
 * Drift of a window's live values against the training baseline: PSI and Jensen-Shannon over the
 * baseline's bins, Kolmogorov-Smirnov from sketches, null rates, and the level the model's
 * thresholds give.
 *
 * <p>PSI is {@code sum_i (a_i - e_i) ln(a_i / e_i)} over live shares {@code a} and baseline shares
 * {@code e} of the non-null values; a share of 0 would make it infinite, so shares are floored at
 * {@value #SHARE_FLOOR} (a common convention; it caps one empty bin's term near 0.1 * ln(1000)).
 * Counts are exact, so PSI has no estimation error; its bins are the baseline's quantile bins.
 */
public final class DriftStatistics {
  static final double SHARE_FLOOR = 1e-4;

  private DriftStatistics() {}

  public static DriftResult against(
      FeatureBaseline baseline, DriftState live, DriftThresholds thresholds) {
    double[] expected = shares(baseline.counts());
    double[] actual = shares(live.binCounts());
    double psi = psi(actual, expected);
    double js = jensenShannon(actual, expected);
    double[] ks = KolmogorovSmirnov.distance(live.sketch(), baseline);
    double liveNullRate = live.count() == 0 ? Double.NaN : (double) live.nulls() / live.count();
    double nullRateChange = liveNullRate - baseline.nullRate();
    return new DriftResult(
        baseline.feature(),
        live.count(),
        psi,
        js,
        ks[0],
        ks[1],
        baseline.nullRate(),
        liveNullRate,
        levelOf(thresholds, psi, ks[0], nullRateChange));
  }

  /** The worst level the statistics reach; NaN statistics (no data) and unset thresholds are OK. */
  static DriftLevel levelOf(
      DriftThresholds thresholds, double psi, double ks, double nullRateChange) {
    if (psi >= thresholds.psiAlert()
        || ks >= thresholds.ksAlert()
        || Math.abs(nullRateChange) >= thresholds.nullRateChangeAlert()) {
      return DriftLevel.ALERT;
    }
    return psi >= thresholds.psiWarn() ? DriftLevel.WARN : DriftLevel.OK;
  }

  static double psi(double[] actual, double[] expected) {
    if (actual == null || expected == null) {
      return Double.NaN;
    }
    double psi = 0;
    for (int i = 0; i < actual.length; i++) {
      double a = Math.max(SHARE_FLOOR, actual[i]);
      double e = Math.max(SHARE_FLOOR, expected[i]);
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }

  /** Square root of the Jensen-Shannon divergence in bits: 0 for equal, 1 for disjoint shares. */
  static double jensenShannon(double[] actual, double[] expected) {
    if (actual == null || expected == null) {
      return Double.NaN;
    }
    double divergence = 0;
    for (int i = 0; i < actual.length; i++) {
      double m = (actual[i] + expected[i]) / 2;
      divergence += 0.5 * plogp(actual[i], m) + 0.5 * plogp(expected[i], m);
    }
    return Math.sqrt(Math.max(0, divergence / Math.log(2)));
  }

  private static double plogp(double p, double m) {
    return p == 0 ? 0 : p * Math.log(p / m);
  }

  /** Shares of the total; null when there is nothing to share. */
  private static double[] shares(long[] counts) {
    double total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total == 0) {
      return null;
    }
    double[] shares = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      shares[i] = counts[i] / total;
    }
    return shares;
  }
}
