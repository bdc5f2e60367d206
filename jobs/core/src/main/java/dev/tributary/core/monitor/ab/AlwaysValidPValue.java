package dev.tributary.core.monitor.ab;

/**
 * An always-valid p-value from a mixture sequential probability ratio test (Johari, Pekelis and
 * Walsh, "Always valid inference", 2017): the p-value may be looked at after every window and the
 * chance that it ever falls below alpha under the null hypothesis stays at most alpha.
 *
 * <p>At each look the estimate {@code theta} (a difference between versions, asymptotically normal
 * with variance {@code v}) gives the likelihood ratio of a normal mixture {@code N(0, tau^2)} over
 * the alternative against {@code theta = 0}:
 *
 * <pre>
 *   Lambda = sqrt(v / (v + tau^2)) * exp(theta^2 tau^2 / (2 v (v + tau^2)))
 * </pre>
 *
 * and the p-value is the running minimum of {@code 1 / Lambda}. {@code tau} is the scale of
 * differences one cares to detect (0.02 for AUC or accuracy); any fixed tau keeps the guarantee, a
 * good one only makes decisions come sooner. The state is one double, checkpointed with the A/B
 * test.
 */
public final class AlwaysValidPValue {
  private final double tau;
  private double p = 1.0;

  public AlwaysValidPValue(double tau) {
    this(tau, 1.0);
  }

  AlwaysValidPValue(double tau, double p) {
    if (!(tau > 0)) {
      throw new IllegalArgumentException("mixture scale tau must be positive, got " + tau);
    }
    this.tau = tau;
    this.p = p;
  }

  /** One look: the current estimate and its variance; returns the p-value after this look. */
  public double look(double estimate, double variance) {
    if (!(variance > 0) || Double.isNaN(estimate)) {
      return p;
    }
    p = Math.min(p, pValueAt(estimate, variance, tau));
    return p;
  }

  /** {@code min(1, 1 / Lambda)} of a single look. */
  static double pValueAt(double estimate, double variance, double tau) {
    double tau2 = tau * tau;
    double logLambda =
        0.5 * Math.log(variance / (variance + tau2))
            + estimate * estimate * tau2 / (2 * variance * (variance + tau2));
    return Math.min(1.0, Math.exp(-logLambda));
  }

  public double pValue() {
    return p;
  }

  public double tau() {
    return tau;
  }
}
