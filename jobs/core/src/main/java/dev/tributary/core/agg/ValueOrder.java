package dev.tributary.core.agg;

import dev.tributary.core.types.ValueType;
import java.util.Comparator;

/**
 * The total order of values of one type that min, max and the tie-break of last and last_n use:
 * false before true; longs and timestamps numerically; doubles by {@link Double#compare} (so -0.0
 * before 0.0 and NaN after +Infinity, making every result deterministic); strings by UTF-16 code
 * units ({@link String#compareTo}).
 */
final class ValueOrder {

  private ValueOrder() {}

  static Comparator<Object> of(ValueType type) {
    return switch (type) {
      case BOOLEAN -> (a, b) -> Boolean.compare((Boolean) a, (Boolean) b);
      case LONG, TIMESTAMP -> (a, b) -> Long.compare((Long) a, (Long) b);
      case DOUBLE -> (a, b) -> Double.compare((Double) a, (Double) b);
      case STRING -> (a, b) -> ((String) a).compareTo((String) b);
    };
  }
}
