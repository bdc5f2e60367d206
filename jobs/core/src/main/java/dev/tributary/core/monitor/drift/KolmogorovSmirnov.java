package dev.tributary.core.monitor.drift;

import dev.tributary.core.training.FeatureBaseline;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * The two-sample Kolmogorov-Smirnov distance {@code sup_x |F_live(x) - F_baseline(x)|} from
 * quantile sketches.
 *
 * <p>With the baseline's sketch: both sketches' CDFs are step functions jumping only at their
 * retained items, so the supremum of their difference is found exactly by evaluating both at every
 * retained item of either. Each sketch's CDF is within its normalized rank error {@code eps} of the
 * true one (KLL, 99% confidence; 0 while a sketch still holds every value), so the result is within
 * {@code eps_live + eps_baseline} of the exact statistic.
 *
 * <p>Without it (statistics stored before sketches were kept): the baseline CDF is known exactly
 * only at its bin edges, so the distance is taken there and the bound grows by the largest bin
 * share, since both CDFs are monotone between two edges.
 */
final class KolmogorovSmirnov {
  private KolmogorovSmirnov() {}

  /** {distance, error bound}; NaN when either side has no values. */
  static double[] distance(KllFloatsSketch live, FeatureBaseline baseline) {
    if (live.isEmpty() || baseline.count() == baseline.nulls()) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double liveError = error(live.isEstimationMode(), live.getNormalizedRankError(false));
    KllDoublesSketch base = baseline.quantileSketch();
    if (base != null && !base.isEmpty()) {
      double sup = 0;
      for (float x : live.getSortedView().getQuantiles()) {
        sup = Math.max(sup, gap(live, base, x));
      }
      for (double x : base.getSortedView().getQuantiles()) {
        sup = Math.max(sup, gap(live, base, x));
      }
      return new double[] {
        sup, liveError + error(base.isEstimationMode(), base.getNormalizedRankError(false))
      };
    }
    return overEdges(live, baseline, liveError);
  }

  private static double gap(KllFloatsSketch live, KllDoublesSketch base, double x) {
    return Math.abs(
        liveRank(live, x, QuantileSearchCriteria.INCLUSIVE)
            - base.getRank(x, QuantileSearchCriteria.INCLUSIVE));
  }

  /** The live sketch's share of values at or below {@code x} (or below it, EXCLUSIVE). */
  private static double liveRank(KllFloatsSketch live, double x, QuantileSearchCriteria criteria) {
    float f = (float) x;
    if (criteria == QuantileSearchCriteria.INCLUSIVE && f > x) {
      return live.getRank(f, QuantileSearchCriteria.EXCLUSIVE);
    }
    if (criteria == QuantileSearchCriteria.EXCLUSIVE && f < x) {
      return live.getRank(f, QuantileSearchCriteria.INCLUSIVE);
    }
    return live.getRank(f, criteria);
  }

  private static double[] overEdges(
      KllFloatsSketch live, FeatureBaseline baseline, double liveError) {
    double[] edges = baseline.edges();
    long[] counts = baseline.counts();
    double total = baseline.count() - baseline.nulls();
    double sup = 0;
    double widest = 0;
    long below = 0;
    for (int i = 0; i < counts.length; i++) {
      // bin i is [edges[i], edges[i+1]): exactly `below` baseline values lie under edges[i]
      sup =
          Math.max(
              sup,
              Math.abs(liveRank(live, edges[i], QuantileSearchCriteria.EXCLUSIVE) - below / total));
      below += counts[i];
      widest = Math.max(widest, counts[i] / total);
    }
    sup =
        Math.max(
            sup,
            Math.abs(
                liveRank(live, edges[edges.length - 1], QuantileSearchCriteria.INCLUSIVE) - 1.0));
    return new double[] {sup, liveError + widest};
  }

  private static double error(boolean estimating, double normalizedRankError) {
    return estimating ? normalizedRankError : 0.0;
  }
}
