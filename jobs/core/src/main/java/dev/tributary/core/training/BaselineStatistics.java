package dev.tributary.core.training;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Baseline statistics of one numeric feature in two passes over the training set, in constant
 * memory: the first pass counts, sums (Welford, stable) and sketches the values; the second counts
 * values per bin exactly between the sketch's quantile edges.
 *
 * <p>The edges are KLL quantiles at {@code i / bins} (rank error about 1.3% at k = 400), so bins
 * hold roughly equal shares; the counts are exact, which is what a drift statistic (PSI) compares.
 * Booleans count as 0 and 1. Either pass may be split over parts of the rows ({@link #part}, {@link
 * #merge}).
 */
public final class BaselineStatistics {
  private static final int SKETCH_K = 400;

  private final String feature;
  private final int bins;
  private final KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(SKETCH_K);
  private long count;
  private long nulls;
  private double mean;
  private double squares;
  private double[] edges;
  private long[] counts;

  public BaselineStatistics(String feature, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException(
          "feature " + feature + ": bins must be at least 1, got " + bins);
    }
    this.feature = feature;
    this.bins = bins;
  }

  /** The training-set column these are statistics of. */
  public String feature() {
    return feature;
  }

  /** First pass: one row's value (null, a number or a boolean). */
  public void observe(Object value) {
    if (edges != null) {
      throw new IllegalStateException(
          "feature " + feature + ": observe after the edges were fixed");
    }
    count++;
    Double x = numeric(value);
    if (x == null || x.isNaN()) {
      nulls++;
      return;
    }
    long n = count - nulls;
    double delta = x - mean;
    mean += delta / n;
    squares += delta * (x - mean);
    sketch.update(x);
  }

  /** Ends the first pass: the bin edges from the sketch. */
  public double[] fixEdges() {
    edges = new double[bins + 1];
    counts = new long[bins];
    if (sketch.isEmpty()) {
      return edges.clone();
    }
    for (int i = 0; i <= bins; i++) {
      edges[i] =
          i == 0
              ? sketch.getMinItem()
              : i == bins
                  ? sketch.getMaxItem()
                  : sketch.getQuantile((double) i / bins, QuantileSearchCriteria.INCLUSIVE);
    }
    return edges.clone();
  }

  /**
   * Statistics of the same feature over other rows, in the same pass as these: empty, with these
   * edges once they are fixed. Parts of a table read in parallel each fill one, and {@link #merge}
   * adds them up.
   */
  public BaselineStatistics part() {
    BaselineStatistics part = new BaselineStatistics(feature, bins);
    if (edges != null) {
      part.edges = edges;
      part.counts = new long[bins];
    }
    return part;
  }

  /**
   * Adds what {@code part} ({@link #part}) saw of other rows: in the first pass its counts, its
   * mean and squares (Chan et al.'s combination of two Welford states) and its sketch; in the
   * second its bin counts.
   */
  public void merge(BaselineStatistics part) {
    if (edges != part.edges) {
      throw new IllegalArgumentException(
          "feature " + feature + ": merge a part of the same pass, made by part()");
    }
    if (edges != null) {
      for (int i = 0; i < bins; i++) {
        counts[i] += part.counts[i];
      }
      return;
    }
    long n = count - nulls;
    long m = part.count - part.nulls;
    if (m > 0) {
      double delta = part.mean - mean;
      long total = n + m;
      mean += delta * m / total;
      squares += part.squares + delta * delta * ((double) n * m / total);
      sketch.merge(part.sketch);
    }
    count += part.count;
    nulls += part.nulls;
  }

  /** Second pass: the same row's value again, counted into its bin. */
  public void count(Object value) {
    if (edges == null) {
      throw new IllegalStateException(
          "feature " + feature + ": call fixEdges() between the two passes");
    }
    Double x = numeric(value);
    if (x == null || x.isNaN()) {
      return;
    }
    counts[bin(x)]++;
  }

  /**
   * The bin of {@code x}: the last {@code i} with {@code edges[i] <= x}, the top edge in the last
   * bin.
   */
  int bin(double x) {
    return FeatureBaseline.bin(edges, x);
  }

  public FeatureBaseline result() {
    long n = count - nulls;
    return new FeatureBaseline(
        feature,
        count,
        nulls,
        n == 0 ? Double.NaN : mean,
        n == 0 ? Double.NaN : Math.sqrt(squares / n),
        edges,
        counts,
        sketch.toByteArray());
  }

  private Double numeric(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    throw new IllegalArgumentException(
        "feature "
            + feature
            + ": baseline statistics need numbers, got "
            + value.getClass().getSimpleName()
            + " "
            + value);
  }
}
