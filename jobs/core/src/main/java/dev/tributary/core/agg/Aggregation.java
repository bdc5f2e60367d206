package dev.tributary.core.agg;

import dev.tributary.core.types.ValueType;
import java.util.EnumSet;
import java.util.Set;

/**
 * The aggregation functions of the definition format. Each has a mergeable state in this package;
 * {@link AggregateSpec#newState()} picks it.
 */
public enum Aggregation {
  COUNT("count", EnumSet.allOf(ValueType.class)),
  SUM("sum", EnumSet.of(ValueType.BOOLEAN, ValueType.LONG, ValueType.DOUBLE)),
  AVG("avg", EnumSet.of(ValueType.BOOLEAN, ValueType.LONG, ValueType.DOUBLE)),
  MIN("min", EnumSet.allOf(ValueType.class)),
  MAX("max", EnumSet.allOf(ValueType.class)),
  LAST("last", EnumSet.allOf(ValueType.class)),
  STDDEV("stddev", EnumSet.of(ValueType.BOOLEAN, ValueType.LONG, ValueType.DOUBLE)),
  APPROX_DISTINCT("approx_distinct", EnumSet.allOf(ValueType.class)),
  APPROX_QUANTILE("approx_quantile", EnumSet.of(ValueType.LONG, ValueType.DOUBLE)),
  LAST_N("last_n", EnumSet.allOf(ValueType.class));

  private final String yamlName;
  private final Set<ValueType> inputTypes;

  Aggregation(String yamlName, Set<ValueType> inputTypes) {
    this.yamlName = yamlName;
    this.inputTypes = inputTypes;
  }

  /** The name used in feature definition files. */
  public String yamlName() {
    return yamlName;
  }

  /** True when this function can aggregate inputs of the given type. */
  public boolean accepts(ValueType inputType) {
    return inputTypes.contains(inputType);
  }

  /** The input types this function accepts, for error messages. */
  public Set<ValueType> acceptedInputTypes() {
    return EnumSet.copyOf(inputTypes);
  }

  /**
   * The type of the result for an input type. For {@link #LAST_N} this is the element type: the
   * result is a {@code List} of it (see {@link #producesList()}).
   *
   * @throws IllegalArgumentException when the function does not accept the input type
   */
  public ValueType resultType(ValueType inputType) {
    if (!accepts(inputType)) {
      throw new IllegalArgumentException(
          yamlName
              + " does not accept "
              + inputType.yamlName()
              + " input; accepted: "
              + inputTypes.stream().map(ValueType::yamlName).toList());
    }
    switch (this) {
      case COUNT:
      case APPROX_DISTINCT:
        return ValueType.LONG;
      case SUM:
        return inputType == ValueType.DOUBLE ? ValueType.DOUBLE : ValueType.LONG;
      case AVG:
      case STDDEV:
      case APPROX_QUANTILE:
        return ValueType.DOUBLE;
      default:
        return inputType;
    }
  }

  /** True for {@link #LAST_N}, whose result is a list of values rather than one value. */
  public boolean producesList() {
    return this == LAST_N;
  }

  /** Looks a function up by its definition-file name; null when there is none. */
  public static Aggregation fromYamlName(String name) {
    for (Aggregation aggregation : values()) {
      if (aggregation.yamlName.equals(name)) {
        return aggregation;
      }
    }
    return null;
  }
}
