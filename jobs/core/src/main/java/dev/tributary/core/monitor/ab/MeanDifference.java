package dev.tributary.core.monitor.ab;

import dev.tributary.core.monitor.Moments;

/**
 * Difference of a per-row mean (log loss) between two versions, with a normal test: Welch's
 * statistic for independent samples (a traffic split), or the paired statistic when both versions
 * scored the same requests (shadow traffic) and the per-request differences are at hand.
 */
public final class MeanDifference {
  private MeanDifference() {}

  /** Candidate mean minus control mean, Welch's standard error. */
  public static Comparison unpaired(Moments control, Moments candidate) {
    return Comparison.normal(
        candidate.mean() - control.mean(),
        Math.sqrt(candidate.variance() / candidate.count() + control.variance() / control.count()));
  }

  /** Mean of per-request differences (candidate minus control), paired standard error. */
  public static Comparison paired(Moments differences) {
    return Comparison.normal(
        differences.mean(), Math.sqrt(differences.variance() / differences.count()));
  }
}
