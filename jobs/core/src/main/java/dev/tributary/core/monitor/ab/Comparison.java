package dev.tributary.core.monitor.ab;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * A difference between two versions (candidate minus control) with a normal-approximation test: its
 * standard error, z statistic, two-sided p-value and 95% confidence interval.
 */
public record Comparison(
    double estimate, double standardError, double z, double pValue, double low, double high) {
  private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1, 1e-12);
  private static final double Z95 = NORMAL.inverseCumulativeProbability(0.975);

  /** The test whose statistic is {@code estimate / standardError}. */
  public static Comparison normal(double estimate, double standardError) {
    return withTestError(estimate, standardError, standardError);
  }

  /**
   * A comparison whose test uses a different standard error (under the null hypothesis, as the
   * pooled two-proportion test does) than its confidence interval.
   */
  static Comparison withTestError(double estimate, double intervalError, double testError) {
    double z = estimate / testError;
    return new Comparison(
        estimate,
        intervalError,
        z,
        twoSidedP(z),
        estimate - Z95 * intervalError,
        estimate + Z95 * intervalError);
  }

  static double twoSidedP(double z) {
    return Double.isNaN(z) ? Double.NaN : 2 * NORMAL.cumulativeProbability(-Math.abs(z));
  }
}
