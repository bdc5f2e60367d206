package dev.tributary.core.training;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

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
 * @param sketch the KLL sketch of the non-null values as bytes ({@link KllDoublesSketch}), from
 *     which drift monitoring measures the Kolmogorov-Smirnov distance; null when the statistics
 *     were stored without it, and then KS falls back to the bin edges
 */
public record FeatureBaseline(
    String feature,
    long count,
    long nulls,
    double mean,
    double stddev,
    double[] edges,
    long[] counts,
    byte[] sketch)
    implements Serializable {

  public FeatureBaseline {
    edges = edges.clone();
    counts = counts.clone();
    sketch = sketch == null ? null : sketch.clone();
  }

  /** Statistics without a sketch, as the stats table stores them. */
  public FeatureBaseline(
      String feature,
      long count,
      long nulls,
      double mean,
      double stddev,
      double[] edges,
      long[] counts) {
    this(feature, count, nulls, mean, stddev, edges, counts, null);
  }

  /**
   * The bin of {@code x} between {@code edges}: the last {@code i} with {@code edges[i] <= x},
   * values below the first edge in bin 0, the top edge and above in the last bin.
   *
   * <p>Up to 32 bins it counts the inner edges at or below {@code x} without branches (the same
   * answer, since edges ascend), which beats a binary search's mispredicted branches on live
   * values: drift monitoring calls this for every feature of every prediction.
   */
  public static int bin(double[] edges, double x) {
    int bins = edges.length - 1;
    if (bins <= 32) {
      int bin = 0;
      for (int i = 1; i < bins; i++) {
        bin += edges[i] <= x ? 1 : 0;
      }
      return bin;
    }
    int low = 0;
    int high = bins - 1;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (edges[mid] <= x) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }

  /** The baseline's sketch, when it was kept. */
  public KllDoublesSketch quantileSketch() {
    return sketch == null ? null : KllDoublesSketch.heapify(Memory.wrap(sketch));
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
        && Arrays.equals(b.counts, counts)
        && Arrays.equals(b.sketch, sketch);
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
