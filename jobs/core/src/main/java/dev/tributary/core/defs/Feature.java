package dev.tributary.core.defs;

import dev.tributary.core.agg.Aggregation;
import dev.tributary.core.expr.Expression;
import dev.tributary.core.types.ValueType;
import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

/**
 * One aggregate feature of a view.
 *
 * @param inputOrNull the aggregated value per event; null for a bare {@code count} of events
 * @param windowOrNull null for a lifetime feature
 * @param hop the tail granularity (window start is hop-aligned); zero for lifetime features
 * @param lastN how many values {@code last_n} keeps; zero for other functions
 * @param quantile the rank {@code approx_quantile} estimates; NaN for other functions
 */
public record Feature(
    String name,
    String description,
    Aggregation aggregation,
    Expression inputOrNull,
    Duration windowOrNull,
    Duration hop,
    int lastN,
    double quantile,
    SourceLocation at)
    implements Serializable {

  // Optional is not serializable: components are nullable, accessors are not.

  public Optional<Expression> input() {
    return Optional.ofNullable(inputOrNull);
  }

  public Optional<Duration> window() {
    return Optional.ofNullable(windowOrNull);
  }

  public boolean isLifetime() {
    return windowOrNull == null;
  }

  /** The type of the feature's values; a bare count of events is a long. */
  public ValueType resultType() {
    return aggregation.resultType(input().map(Expression::type).orElse(ValueType.BOOLEAN));
  }
}
