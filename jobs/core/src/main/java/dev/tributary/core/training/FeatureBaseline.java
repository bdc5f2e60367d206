package dev.tributary.core.training;

import java.util.Arrays;

/**
 * The distribution of one feature over a training set, which the scoring job compares live values
 * against for drift.
 *
 * @param feature the training-set column ({@code <view>__<feature>})
 * @param count rows of the training set
 * @param nulls rows where the feature is null
 * @param mean mean of the non-null values (NaN when all are null)
 * @param stddev population standard deviation of the non-null values (NaN when all are null)
 * @param edges bin edges, ascending, {@code bins + 1} of them: bin {@code i} holds values in {@code
 *     [edges[i], edges[i+1])}, the last bin also its upper edge; equal edges give empty bins
 * @param counts non-null values per bin, exact
 */
public record FeatureBaseline(
    String feature,
    long count,
    long nulls,
    double mean,
    double stddev,
    double[] edges,
    long[] counts) {

  public FeatureBaseline {
    edges = edges.clone();
    counts = counts.clone();
  }

  public double nullRate() {
    return count == 0 ? 0.0 : (double) nulls / count;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureBaseline b
        && b.feature.equals(feature)
        && b.count == count
        && b.nulls == nulls
        && Double.compare(b.mean, mean) == 0
        && Double.compare(b.stddev, stddev) == 0
        && Arrays.equals(b.edges, edges)
        && Arrays.equals(b.counts, counts);
  }

  @Override
  public int hashCode() {
    return feature.hashCode() * 31 + Long.hashCode(count);
  }

  @Override
  public String toString() {
    return feature
        + "{count="
        + count
        + ", nulls="
        + nulls
        + ", mean="
        + mean
        + ", stddev="
        + stddev
        + ", edges="
        + Arrays.toString(edges)
        + ", counts="
        + Arrays.toString(counts)
        + "}";
  }
}
