package dev.tributary.core.agg;

import dev.tributary.core.types.ValueType;
import java.io.DataInput;
import java.io.IOException;
import java.util.Objects;

/**
 * One aggregate feature: which function of which input over which window.
 *
 * <p>The window follows the time contract: as of time {@code t} the feature aggregates the events
 * with {@code floor((t - windowMillis) / hopMillis) * hopMillis <= ts < t}; a {@code windowMillis}
 * of 0 means a lifetime window ({@code ts < t}) and then {@code hopMillis} is ignored (keep it 0).
 *
 * @param name the feature name, used in error messages and by the layers above
 * @param function the aggregation function
 * @param inputType the type of the evaluated input the events carry for this feature
 * @param windowMillis window length W in ms, or 0 for lifetime
 * @param hopMillis hop H in ms; must be positive and divide W for windowed features
 * @param lastN how many values {@link Aggregation#LAST_N} keeps (positive); 0 for other functions
 * @param quantile the rank in [0, 1] {@link Aggregation#APPROX_QUANTILE} returns; 0 for others
 */
public record AggregateSpec(
    String name,
    Aggregation function,
    ValueType inputType,
    long windowMillis,
    long hopMillis,
    int lastN,
    double quantile) {

  /** Largest {@code last_n} accepted: every kept value lives in Flink state per entity and tile. */
  public static final int MAX_LAST_N = 10_000;

  public AggregateSpec {
    Objects.requireNonNull(name, "feature name");
    Objects.requireNonNull(function, "aggregation function of feature " + name);
    Objects.requireNonNull(inputType, "input type of feature " + name);
    if (!function.accepts(inputType)) {
      throw new IllegalArgumentException(
          "feature "
              + name
              + ": "
              + function.yamlName()
              + " does not accept "
              + inputType.yamlName()
              + " input; use one of "
              + function.acceptedInputTypes());
    }
    if (windowMillis < 0) {
      throw new IllegalArgumentException(
          "feature " + name + ": window must be positive, or 0 for lifetime, got " + windowMillis);
    }
    if (windowMillis == 0 && hopMillis != 0) {
      throw new IllegalArgumentException(
          "feature " + name + ": a lifetime feature has no hop, got hop " + hopMillis + " ms");
    }
    if (windowMillis > 0 && (hopMillis <= 0 || windowMillis % hopMillis != 0)) {
      throw new IllegalArgumentException(
          "feature "
              + name
              + ": hop must be positive and divide the window; window "
              + windowMillis
              + " ms, hop "
              + hopMillis
              + " ms");
    }
    if (function == Aggregation.LAST_N) {
      if (lastN <= 0 || lastN > MAX_LAST_N) {
        throw new IllegalArgumentException(
            "feature " + name + ": last_n needs n in [1, " + MAX_LAST_N + "], got " + lastN);
      }
    } else if (lastN != 0) {
      throw new IllegalArgumentException(
          "feature " + name + ": n is only for last_n, not " + function.yamlName());
    }
    if (function == Aggregation.APPROX_QUANTILE) {
      if (!(quantile >= 0.0 && quantile <= 1.0)) {
        throw new IllegalArgumentException(
            "feature " + name + ": approx_quantile needs a quantile in [0, 1], got " + quantile);
      }
    } else if (quantile != 0.0) {
      throw new IllegalArgumentException(
          "feature " + name + ": quantile is only for approx_quantile, not " + function.yamlName());
    }
  }

  /** A feature over a sawtooth window of W ms hopping every H ms (not last_n, approx_quantile). */
  public static AggregateSpec windowed(
      String name, Aggregation function, ValueType inputType, long windowMillis, long hopMillis) {
    return new AggregateSpec(name, function, inputType, windowMillis, hopMillis, 0, 0.0);
  }

  /** A feature over every event before the query time (not last_n, approx_quantile). */
  public static AggregateSpec lifetime(String name, Aggregation function, ValueType inputType) {
    return new AggregateSpec(name, function, inputType, 0, 0, 0, 0.0);
  }

  /** True when the feature aggregates every event before the query time. */
  public boolean isLifetime() {
    return windowMillis == 0;
  }

  /** The result type; for {@code last_n} the element type of the result list. */
  public ValueType resultType() {
    return function.resultType(inputType);
  }

  /** The value of this feature over no events: 0 for count and sum, null otherwise. */
  public Object emptyResult() {
    return newState().result();
  }

  /** A new, empty state of this feature's function. */
  public AggregateState newState() {
    switch (function) {
      case COUNT:
        return new CountState();
      case SUM:
        return new SumState(newExactSum());
      case AVG:
        return new AvgState(newExactSum());
      case MIN:
        return new ExtremeState(inputType, false);
      case MAX:
        return new ExtremeState(inputType, true);
      case LAST:
        return new LastNState(inputType, 1, false);
      case STDDEV:
        return new StddevState(newExactSum(), newExactSum());
      case APPROX_DISTINCT:
        return new DistinctState(inputType);
      case APPROX_QUANTILE:
        return new QuantileState(quantile);
      case LAST_N:
        return new LastNState(inputType, lastN, true);
      default:
        throw new IllegalStateException("no state for " + function);
    }
  }

  /** Reads a state written by {@link AggregateState#writeTo} for this same spec. */
  public AggregateState readState(DataInput in) throws IOException {
    AggregateState state = newState();
    state.readFrom(in);
    return state;
  }

  private ExactSum newExactSum() {
    return inputType == ValueType.DOUBLE ? new ExactDoubleSum() : new ExactLongSum();
  }
}
