package dev.tributary.core.window;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.types.ValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;

/**
 * The time contract written as directly as possible, to check the fast path against: for each query
 * it scans every event, keeps those in the window and computes each function from the list.
 *
 * <p>Approximate functions get their exact counterparts: approx_distinct the exact distinct count,
 * approx_quantile the exact inclusive quantile; compare them with {@link SketchBounds}.
 */
public final class BruteForceEvaluator {

  private final ViewSpec view;

  public BruteForceEvaluator(ViewSpec view) {
    this.view = view;
  }

  /** The view's values as of {@code t}. */
  public Object[] valuesAt(List<Event> events, long t) {
    Object[] values = new Object[view.size()];
    if (view.hasTtl()) {
      Long newest = null;
      for (Event e : events) {
        if (e.eventTimeMillis() < t && (newest == null || e.eventTimeMillis() > newest)) {
          newest = e.eventTimeMillis();
        }
      }
      if (newest == null || newest < t - view.ttlMillis()) {
        return values;
      }
    }
    for (int i = 0; i < view.size(); i++) {
      values[i] = value(view.feature(i), windowInputs(events, t, i));
    }
    return values;
  }

  /** The (time, input) pairs of feature {@code feature} in its window as of {@code t}. */
  public List<Timed> windowInputs(List<Event> events, long t, int feature) {
    AggregateSpec spec = view.feature(feature);
    long start =
        spec.isLifetime()
            ? Long.MIN_VALUE
            : Math.floorDiv(t - spec.windowMillis(), spec.hopMillis()) * spec.hopMillis();
    List<Timed> inside = new ArrayList<>();
    for (Event e : events) {
      Object input = e.inputs()[feature];
      if (input != null && e.eventTimeMillis() >= start && e.eventTimeMillis() < t) {
        inside.add(new Timed(e.eventTimeMillis(), input));
      }
    }
    return inside;
  }

  /** An input with its event time. */
  public record Timed(long time, Object value) {}

  private static Object value(AggregateSpec spec, List<Timed> inputs) {
    int n = inputs.size();
    ValueType type = spec.inputType();
    Comparator<Object> order = order(type);
    switch (spec.function()) {
      case COUNT:
        return (long) n;
      case SUM:
        if (type == ValueType.DOUBLE) {
          return exactSum(inputs).doubleValue();
        }
        BigInteger total = exactSum(inputs).toBigInteger();
        return total.bitLength() < 64 ? total.longValue() : null;
      case AVG:
        return n == 0 ? null : exactSum(inputs).doubleValue() / n;
      case MIN:
        return inputs.stream().map(Timed::value).min(order).orElse(null);
      case MAX:
        return inputs.stream().map(Timed::value).max(order).orElse(null);
      case LAST:
        return n == 0 ? null : newestFirst(inputs, order).get(0);
      case LAST_N:
        if (n == 0) {
          return null;
        }
        List<Object> newest = newestFirst(inputs, order);
        return List.copyOf(newest.subList(0, Math.min(spec.lastN(), n)));
      case STDDEV:
        return n == 0 ? null : stddev(inputs);
      case APPROX_DISTINCT:
        return n == 0 ? null : distinctCount(inputs);
      case APPROX_QUANTILE:
        if (n == 0) {
          return null;
        }
        List<Double> sorted = inputs.stream().map(x -> asDouble(x.value())).sorted().toList();
        int rank = (int) Math.ceil(spec.quantile() * n);
        return sorted.get(Math.max(0, rank - 1));
      default:
        throw new IllegalArgumentException(spec.function().toString());
    }
  }

  /** Distinct values, doubles numerically (0.0 and -0.0 are one value, as in the sketch). */
  static long distinctCount(List<Timed> inputs) {
    HashSet<Object> distinct = new HashSet<>();
    for (Timed x : inputs) {
      distinct.add(x.value() instanceof Double d && d == 0.0 ? (Object) 0.0 : x.value());
    }
    return distinct.size();
  }

  private static List<Object> newestFirst(List<Timed> inputs, Comparator<Object> order) {
    List<Timed> sorted = new ArrayList<>(inputs);
    sorted.sort(
        Comparator.comparingLong(Timed::time).thenComparing(Timed::value, order).reversed());
    return sorted.stream().map(Timed::value).toList();
  }

  /**
   * Population stddev, rounded to the nearest double (ties to even): the exact root is taken to 100
   * digits, which is exact whenever it could be a tie, and the nearest of the doubles around a
   * first guess is picked by exact distance.
   */
  private static Double stddev(List<Timed> inputs) {
    BigDecimal n = BigDecimal.valueOf(inputs.size());
    BigDecimal sum = exactSum(inputs);
    // sum (n x - S)^2 = n^2 * sum (x - mean)^2, so stddev = sqrt(n * that) / n^2.
    BigDecimal scaledSquares = BigDecimal.ZERO;
    for (Timed x : inputs) {
      BigDecimal d = exact(x.value()).multiply(n).subtract(sum);
      scaledSquares = scaledSquares.add(d.multiply(d));
    }
    if (scaledSquares.signum() == 0) {
      return 0.0;
    }
    MathContext wide = new MathContext(100);
    BigDecimal root = scaledSquares.multiply(n).sqrt(wide).divide(n.multiply(n), wide);
    double guess = root.doubleValue();
    double best = guess;
    for (double c = Math.nextDown(Math.nextDown(guess));
        c <= Math.nextUp(Math.nextUp(guess));
        c = Math.nextUp(c)) {
      int closer =
          new BigDecimal(c)
              .subtract(root)
              .abs()
              .compareTo(new BigDecimal(best).subtract(root).abs());
      if (closer < 0 || (closer == 0 && (Double.doubleToRawLongBits(c) & 1) == 0)) {
        best = c;
      }
    }
    return best;
  }

  private static BigDecimal exactSum(List<Timed> inputs) {
    BigDecimal total = BigDecimal.ZERO;
    for (Timed x : inputs) {
      total = total.add(exact(x.value()));
    }
    return total;
  }

  private static BigDecimal exact(Object value) {
    if (value instanceof Boolean b) {
      return b ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    if (value instanceof Long l) {
      return BigDecimal.valueOf(l);
    }
    return new BigDecimal((Double) value);
  }

  private static double asDouble(Object value) {
    return value instanceof Long l ? (double) l : (Double) value;
  }

  /** The documented total order: false < true, numbers numerically with Double.compare. */
  private static Comparator<Object> order(ValueType type) {
    return (a, b) -> {
      if (a instanceof Boolean x) {
        return Boolean.compare(x, (Boolean) b);
      }
      if (a instanceof Long x) {
        return Long.compare(x, (Long) b);
      }
      if (a instanceof Double x) {
        return Double.compare(x, (Double) b);
      }
      return ((String) a).compareTo((String) b);
    };
  }
}
