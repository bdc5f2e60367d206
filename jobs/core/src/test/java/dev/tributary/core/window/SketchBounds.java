package dev.tributary.core.window;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.window.BruteForceEvaluator.Timed;
import java.util.List;
import org.apache.datasketches.kll.KllSketch;

/**
 * The error bounds docs/aggregation.md promises for the sketch functions, as checks of a sketch
 * result against the exact window contents.
 */
public final class SketchBounds {

  /** HLL lgK = 12: relative standard error 1.04 / sqrt(4096); the bound is three of those. */
  public static final double DISTINCT_RELATIVE_ERROR = 3 * 1.04 / Math.sqrt(4096);

  /** KLL k = 200: normalized rank error at 99% confidence. */
  public static final double QUANTILE_RANK_ERROR = KllSketch.getNormalizedRankError(200, false);

  private SketchBounds() {}

  /** True when a feature's result is approximate, so equality is replaced by a bound. */
  public static boolean isApproximate(AggregateSpec spec) {
    return switch (spec.function()) {
      case APPROX_DISTINCT, APPROX_QUANTILE -> true;
      default -> false;
    };
  }

  /** Null when {@code actual} is within bound of the exact window contents, else why not. */
  public static String violation(AggregateSpec spec, Object actual, List<Timed> inputs) {
    if (inputs.isEmpty()) {
      return actual == null ? null : "expected null over no events, got " + actual;
    }
    if (actual == null) {
      return "expected a value over " + inputs.size() + " inputs, got null";
    }
    if (spec.function() == dev.tributary.core.agg.Aggregation.APPROX_DISTINCT) {
      long exact = BruteForceEvaluator.distinctCount(inputs);
      double error = Math.abs((Long) actual - exact);
      return error <= DISTINCT_RELATIVE_ERROR * exact
          ? null
          : "distinct estimate " + actual + " vs exact " + exact;
    }
    double v = (Double) actual;
    int n = inputs.size();
    long below = 0;
    long atOrBelow = 0;
    for (Timed x : inputs) {
      double d = x.value() instanceof Long l ? (double) l : (Double) x.value();
      below += d < v ? 1 : 0;
      atOrBelow += d <= v ? 1 : 0;
    }
    double slack = (n <= 200 ? 0.0 : QUANTILE_RANK_ERROR) + 1e-12;
    double q = spec.quantile();
    boolean within = below / (double) n - slack <= q && q <= atOrBelow / (double) n + slack;
    return within
        ? null
        : "quantile "
            + q
            + " gave "
            + v
            + " whose rank is in ["
            + below / (double) n
            + ", "
            + atOrBelow / (double) n
            + "] over "
            + n
            + " inputs";
  }
}
