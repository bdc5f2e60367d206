package dev.tributary.core.monitor.ab;

import dev.tributary.core.monitor.WritableState;
import dev.tributary.core.monitor.quality.QualityState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A continuously watched A/B test between two versions of a traffic split. Each {@link #look} takes
 * both versions' quality since the test started and returns the fixed-sample tests (DeLong for AUC,
 * Welch for log loss, two-proportion z for accuracy) and always-valid p-values.
 *
 * <p>The verdict uses the always-valid p-value of the AUC difference, so it may be read after every
 * window without inflating the false-winner rate beyond {@code alpha}. The test rejects "no
 * difference" at the first look where that p-value falls below alpha, and the winner is the version
 * the AUC difference favoured at that look: the p-value is a running minimum and never rises again,
 * so taking the direction from a later look would let noise around a shrinking difference flip the
 * winner while the p-value still says "decided". While either version has fewer than {@code
 * minimumPerClass} labels of each class the verdict is not yet decidable. The state (three running
 * minima and the rejecting look's difference) is what a Flink operator checkpoints per test.
 */
public final class AbTest implements WritableState {
  /** Scale of the mixture: differences of about two points of AUC, log loss or accuracy. */
  public static final double DEFAULT_TAU = 0.02;

  private final String control;
  private final String candidate;
  private final double alpha;
  private final long minimumPerClass;
  private final AlwaysValidPValue auc;
  private final AlwaysValidPValue logLoss;
  private final AlwaysValidPValue accuracy;

  /** The AUC difference (candidate - control) at the look that rejected; NaN before it. */
  private double differenceAtRejection;

  public AbTest(String control, String candidate, double alpha, long minimumPerClass) {
    this(
        control,
        candidate,
        alpha,
        minimumPerClass,
        new AlwaysValidPValue(DEFAULT_TAU),
        new AlwaysValidPValue(DEFAULT_TAU),
        new AlwaysValidPValue(DEFAULT_TAU),
        Double.NaN);
  }

  private AbTest(
      String control,
      String candidate,
      double alpha,
      long minimumPerClass,
      AlwaysValidPValue auc,
      AlwaysValidPValue logLoss,
      AlwaysValidPValue accuracy,
      double differenceAtRejection) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
    }
    this.control = control;
    this.candidate = candidate;
    this.alpha = alpha;
    this.minimumPerClass = minimumPerClass;
    this.auc = auc;
    this.logLoss = logLoss;
    this.accuracy = accuracy;
    this.differenceAtRejection = differenceAtRejection;
  }

  /** One look at both versions' cumulative quality. */
  public AbResult look(QualityState controlQuality, QualityState candidateQuality) {
    Comparison aucDiff =
        AucDifference.between(controlQuality.histogram(), candidateQuality.histogram());
    Comparison logLossDiff =
        MeanDifference.unpaired(controlQuality.logLossMoments(), candidateQuality.logLossMoments());
    Comparison accuracyDiff =
        ProportionDifference.between(
            controlQuality.correct(),
            controlQuality.count(),
            candidateQuality.correct(),
            candidateQuality.count());
    long fewest =
        Math.min(
            Math.min(
                controlQuality.histogram().positives(), controlQuality.histogram().negatives()),
            Math.min(
                candidateQuality.histogram().positives(),
                candidateQuality.histogram().negatives()));
    double aucP = fewest < 2 ? auc.pValue() : auc.look(aucDiff.estimate(), variance(aucDiff));
    double logLossP =
        fewest < 2 ? logLoss.pValue() : logLoss.look(logLossDiff.estimate(), variance(logLossDiff));
    double accuracyP =
        fewest < 2
            ? accuracy.pValue()
            : accuracy.look(accuracyDiff.estimate(), variance(accuracyDiff));
    if (aucP < alpha && Double.isNaN(differenceAtRejection)) {
      differenceAtRejection = aucDiff.estimate();
    }
    Verdict verdict;
    String reason;
    if (fewest < minimumPerClass) {
      verdict = Verdict.NOT_YET_DECIDABLE;
      reason =
          "too few labels: "
              + fewest
              + " of the rarer class in one version, "
              + minimumPerClass
              + " needed";
    } else if (aucP < alpha) {
      boolean candidateBetter = differenceAtRejection > 0;
      verdict = candidateBetter ? Verdict.CANDIDATE_WINS : Verdict.CONTROL_WINS;
      reason =
          String.format(
              "version %s had the higher AUC by %.4f when the always-valid p fell below %.2g"
                  + " (p = %.2g; difference now %+.4f)",
              candidateBetter ? candidate : control,
              Math.abs(differenceAtRejection),
              alpha,
              aucP,
              aucDiff.estimate());
    } else {
      verdict = Verdict.NOT_YET_DECIDABLE;
      reason = String.format("AUC difference not significant yet (always-valid p = %.2g)", aucP);
    }
    return new AbResult(
        control,
        candidate,
        controlQuality.count(),
        candidateQuality.count(),
        aucDiff,
        logLossDiff,
        accuracyDiff,
        aucP,
        logLossP,
        accuracyP,
        verdict,
        reason);
  }

  private static double variance(Comparison comparison) {
    return comparison.standardError() * comparison.standardError();
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeUTF(control);
    out.writeUTF(candidate);
    out.writeDouble(alpha);
    out.writeLong(minimumPerClass);
    for (AlwaysValidPValue p : new AlwaysValidPValue[] {auc, logLoss, accuracy}) {
      out.writeDouble(p.tau());
      out.writeDouble(p.pValue());
    }
    out.writeDouble(differenceAtRejection);
  }

  public static AbTest read(DataInput in) throws IOException {
    return read(in, AbLooks.FORMAT);
  }

  /**
   * Reads a test written in {@code format} of {@link AbLooks}: format 1 had no rejecting look's
   * difference; a test restored from it that had already rejected takes the direction of its next
   * look, as format 1 did at every look.
   */
  static AbTest read(DataInput in, int format) throws IOException {
    String control = in.readUTF();
    String candidate = in.readUTF();
    double alpha = in.readDouble();
    long minimumPerClass = in.readLong();
    AlwaysValidPValue auc = new AlwaysValidPValue(in.readDouble(), in.readDouble());
    AlwaysValidPValue logLoss = new AlwaysValidPValue(in.readDouble(), in.readDouble());
    AlwaysValidPValue accuracy = new AlwaysValidPValue(in.readDouble(), in.readDouble());
    double differenceAtRejection = format >= 2 ? in.readDouble() : Double.NaN;
    return new AbTest(
        control, candidate, alpha, minimumPerClass, auc, logLoss, accuracy, differenceAtRejection);
  }
}
