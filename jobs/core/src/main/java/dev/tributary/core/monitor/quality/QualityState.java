package dev.tributary.core.monitor.quality;

import dev.tributary.core.monitor.Moments;
import dev.tributary.core.monitor.WritableState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The quality of one model version's labelled predictions in one window: counts, accuracy at the
 * model's threshold, log loss and Brier score (exact sums), AUC from a {@link ScoreHistogram} with
 * its error bound, and a reliability diagram. Mergeable; about 1-3 KB as bytes.
 *
 * <p>Log loss clips scores to {@code [1e-15, 1 - 1e-15]} (as scikit-learn does) so one confident
 * miss costs about 34.5 instead of infinity.
 */
public final class QualityState implements WritableState {
  static final double CLIP = 1e-15;

  private final double threshold;
  private long count;
  private long positives;
  private long correct;
  private Moments logLoss = Moments.EMPTY;
  private double brierSum;
  private final ScoreHistogram histogram;
  private final ReliabilityBins reliability;

  /** An empty state; a score at or above {@code threshold} predicts the positive class. */
  public QualityState(double threshold) {
    this(
        threshold,
        new ScoreHistogram(ScoreHistogram.DEFAULT_BINS),
        new ReliabilityBins(ReliabilityBins.DEFAULT_BINS));
  }

  private QualityState(double threshold, ScoreHistogram histogram, ReliabilityBins reliability) {
    this.threshold = threshold;
    this.histogram = histogram;
    this.reliability = reliability;
  }

  /** One prediction whose label arrived: {@code score} is the predicted probability of positive. */
  public void add(double score, boolean label) {
    histogram.add(score, label);
    reliability.add(score, label);
    count++;
    positives += label ? 1 : 0;
    correct += (score >= threshold) == label ? 1 : 0;
    logLoss = logLoss.plus(logLoss(score, label));
    brierSum += (score - (label ? 1 : 0)) * (score - (label ? 1 : 0));
  }

  /** The log loss of one prediction, clipped. */
  public static double logLoss(double score, boolean label) {
    double p = Math.min(1 - CLIP, Math.max(CLIP, score));
    return -Math.log(label ? p : 1 - p);
  }

  public void merge(QualityState other) {
    if (Double.compare(other.threshold, threshold) != 0) {
      throw new IllegalArgumentException(
          "cannot merge quality at threshold " + threshold + " and " + other.threshold);
    }
    histogram.merge(other.histogram);
    reliability.merge(other.reliability);
    count += other.count;
    positives += other.positives;
    correct += other.correct;
    logLoss = logLoss.merge(other.logLoss);
    brierSum += other.brierSum;
  }

  public long count() {
    return count;
  }

  public long correct() {
    return correct;
  }

  /** Per-row log loss moments, for the A/B test of log loss. */
  public Moments logLossMoments() {
    return logLoss;
  }

  public ScoreHistogram histogram() {
    return histogram;
  }

  public QualityResult result() {
    double n = count;
    double aucVariance = histogram.aucVariance();
    return new QualityResult(
        count,
        positives,
        count == 0 ? Double.NaN : positives / n,
        count == 0 ? Double.NaN : correct / n,
        histogram.auc(),
        histogram.aucErrorBound(),
        Math.sqrt(aucVariance),
        logLoss.mean(),
        count == 0 ? Double.NaN : brierSum / n,
        reliability.bins());
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeDouble(threshold);
    out.writeLong(count);
    out.writeLong(positives);
    out.writeLong(correct);
    out.writeDouble(logLoss.sum());
    out.writeDouble(logLoss.sumOfSquares());
    out.writeDouble(brierSum);
    histogram.write(out);
    reliability.write(out);
  }

  public static QualityState read(DataInput in) throws IOException {
    double threshold = in.readDouble();
    long count = in.readLong();
    long positives = in.readLong();
    long correct = in.readLong();
    Moments logLoss = new Moments(count, in.readDouble(), in.readDouble());
    double brierSum = in.readDouble();
    QualityState state =
        new QualityState(threshold, ScoreHistogram.read(in), ReliabilityBins.read(in));
    state.count = count;
    state.positives = positives;
    state.correct = correct;
    state.logLoss = logLoss;
    state.brierSum = brierSum;
    return state;
  }
}
