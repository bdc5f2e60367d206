package dev.tributary.core.monitor.ab;

/**
 * One look at an A/B test, as written to {@code monitoring.ab_tests}. Differences are candidate
 * minus control; fixed-sample p-values are in the comparisons, the always-valid ones beside them.
 *
 * @param auc AUC difference, DeLong
 * @param logLoss log loss difference, Welch (lower is better)
 * @param accuracy accuracy difference, two-proportion z-test
 * @param aucAlwaysValidP always-valid p-value of the AUC difference, the one the verdict uses
 * @param reason why the verdict is what it is, in words
 */
public record AbResult(
    String control,
    String candidate,
    long controlCount,
    long candidateCount,
    Comparison auc,
    Comparison logLoss,
    Comparison accuracy,
    double aucAlwaysValidP,
    double logLossAlwaysValidP,
    double accuracyAlwaysValidP,
    Verdict verdict,
    String reason) {}
