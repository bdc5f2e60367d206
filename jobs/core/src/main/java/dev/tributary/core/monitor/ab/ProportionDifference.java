package dev.tributary.core.monitor.ab;

/**
 * Two-proportion z-test (accuracy): the test statistic uses the pooled proportion (the standard
 * error under the null hypothesis of equal rates), the confidence interval the unpooled one.
 */
public final class ProportionDifference {
  private ProportionDifference() {}

  public static Comparison between(
      long controlSuccesses, long controlCount, long candidateSuccesses, long candidateCount) {
    double a = (double) controlSuccesses / controlCount;
    double b = (double) candidateSuccesses / candidateCount;
    double pooled =
        (double) (controlSuccesses + candidateSuccesses) / (controlCount + candidateCount);
    double testError =
        Math.sqrt(pooled * (1 - pooled) * (1.0 / controlCount + 1.0 / candidateCount));
    double intervalError = Math.sqrt(a * (1 - a) / controlCount + b * (1 - b) / candidateCount);
    return Comparison.withTestError(b - a, intervalError, testError);
  }
}
