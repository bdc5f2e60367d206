package dev.tributary.core.monitor.ab;

import dev.tributary.core.monitor.quality.ScoreHistogram;

/**
 * DeLong's test of two AUCs on independent samples: versions of a traffic split see different
 * requests, so the covariance term of the paired test is zero and the variances add.
 */
public final class AucDifference {
  private AucDifference() {}

  /** Candidate AUC minus control AUC, with DeLong's standard error. */
  public static Comparison between(ScoreHistogram control, ScoreHistogram candidate) {
    return Comparison.normal(
        candidate.auc() - control.auc(),
        Math.sqrt(candidate.aucVariance() + control.aucVariance()));
  }
}
