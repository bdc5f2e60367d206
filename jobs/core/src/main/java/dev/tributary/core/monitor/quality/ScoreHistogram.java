package dev.tributary.core.monitor.quality;

import dev.tributary.core.monitor.CompactLongs;
import dev.tributary.core.monitor.WritableState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Counts of positive and negative labels per score bin, {@code bins} equal bins over [0, 1]: a
 * mergeable sketch from which AUC and its DeLong variance follow in O(bins).
 *
 * <p>Error bound: pairs (positive, negative) in different bins are ordered exactly as their scores
 * are; a pair in the same bin counts 1/2, where the exact AUC counts 0, 1/2 or 1. So {@code |auc()
 * - exact AUC| <= aucErrorBound() = 0.5 * sum_i pos_i * neg_i / (P * N)}, computed from the state
 * itself. Scores that are multiples of {@code 1 / bins} keep their ties and give the exact AUC.
 * With 1024 bins and spread-out scores the bound is a few 1e-4.
 *
 * <p>The DeLong variance is that of the binned scores: placements of a positive in bin {@code i}
 * are {@code (negatives below i + neg_i / 2) / N} (DeLong, DeLong and Clarke-Pearson 1988, ties
 * counted one half), and likewise for negatives.
 */
public final class ScoreHistogram implements WritableState {
  public static final int DEFAULT_BINS = 1024;

  private final long[] positives;
  private final long[] negatives;

  public ScoreHistogram(int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("score histogram needs at least one bin, got " + bins);
    }
    positives = new long[bins];
    negatives = new long[bins];
  }

  private ScoreHistogram(long[] positives, long[] negatives) {
    this.positives = positives;
    this.negatives = negatives;
  }

  /** Counts one labelled score; scores must be probabilities in [0, 1]. */
  public void add(double score, boolean label) {
    int bin = bin(score);
    if (label) {
      positives[bin]++;
    } else {
      negatives[bin]++;
    }
  }

  int bin(double score) {
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException(
          "score " + score + " is not a probability in [0, 1]: AUC needs calibrated scores");
    }
    return Math.min(positives.length - 1, (int) (score * positives.length));
  }

  public void merge(ScoreHistogram other) {
    if (other.positives.length != positives.length) {
      throw new IllegalArgumentException(
          "cannot merge histograms of " + positives.length + " and " + other.positives.length);
    }
    for (int i = 0; i < positives.length; i++) {
      positives[i] += other.positives[i];
      negatives[i] += other.negatives[i];
    }
  }

  public long positives() {
    return sum(positives);
  }

  public long negatives() {
    return sum(negatives);
  }

  /** Area under the ROC curve of the binned scores, ties one half; NaN without both classes. */
  public double auc() {
    double p = positives();
    double n = negatives();
    if (p == 0 || n == 0) {
      return Double.NaN;
    }
    double wins = 0;
    long negativesBelow = 0;
    for (int i = 0; i < positives.length; i++) {
      wins += positives[i] * (negativesBelow + 0.5 * negatives[i]);
      negativesBelow += negatives[i];
    }
    return wins / (p * n);
  }

  /** Largest possible distance between {@link #auc()} and the AUC of the unbinned scores. */
  public double aucErrorBound() {
    double p = positives();
    double n = negatives();
    if (p == 0 || n == 0) {
      return Double.NaN;
    }
    double sameBin = 0;
    for (int i = 0; i < positives.length; i++) {
      sameBin += (double) positives[i] * negatives[i];
    }
    return 0.5 * sameBin / (p * n);
  }

  /**
   * DeLong's variance of {@link #auc()}: {@code S10 / P + S01 / N}, the sample variances of the
   * positives' and negatives' placements; NaN below two of either class.
   */
  public double aucVariance() {
    long p = positives();
    long n = negatives();
    if (p < 2 || n < 2) {
      return Double.NaN;
    }
    double auc = auc();
    double s10 = 0;
    double s01 = 0;
    long negativesBelow = 0;
    long positivesAbove = p;
    for (int i = 0; i < positives.length; i++) {
      positivesAbove -= positives[i];
      double positivePlacement = (negativesBelow + 0.5 * negatives[i]) / n;
      double negativePlacement = (positivesAbove + 0.5 * positives[i]) / p;
      s10 += positives[i] * square(positivePlacement - auc);
      s01 += negatives[i] * square(negativePlacement - auc);
      negativesBelow += negatives[i];
    }
    return s10 / (p - 1) / p + s01 / (n - 1) / n;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    CompactLongs.write(out, positives);
    CompactLongs.write(out, negatives);
  }

  public static ScoreHistogram read(DataInput in) throws IOException {
    return new ScoreHistogram(CompactLongs.read(in), CompactLongs.read(in));
  }

  private static double square(double x) {
    return x * x;
  }

  private static long sum(long[] values) {
    long total = 0;
    for (long value : values) {
      total += value;
    }
    return total;
  }
}
