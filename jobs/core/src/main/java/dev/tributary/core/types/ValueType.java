package dev.tributary.core.types;

/**
 * The value types a source column, an expression or a feature can have.
 *
 * <p>Java representations are fixed so every layer (expression evaluator, aggregation states,
 * Iceberg rows, Redis encoding) agrees: {@link #BOOLEAN} is {@code Boolean}, {@link #LONG} is
 * {@code Long}, {@link #DOUBLE} is {@code Double}, {@link #STRING} is {@code String}, and {@link
 * #TIMESTAMP} is a {@code Long} of UTC epoch milliseconds (the time contract works in milliseconds,
 * so nothing finer is kept). {@code null} is a value of every type.
 */
public enum ValueType {
  BOOLEAN("boolean"),
  LONG("long"),
  DOUBLE("double"),
  STRING("string"),
  TIMESTAMP("timestamp");

  private final String yamlName;

  ValueType(String yamlName) {
    this.yamlName = yamlName;
  }

  /** The name used for this type in feature definition files. */
  public String yamlName() {
    return yamlName;
  }

  /** True for types that arithmetic and numeric aggregations accept. */
  public boolean isNumeric() {
    return this == LONG || this == DOUBLE;
  }

  /** Looks a type up by its definition-file name; null when there is none. */
  public static ValueType fromYamlName(String name) {
    for (ValueType type : values()) {
      if (type.yamlName.equals(name)) {
        return type;
      }
    }
    return null;
  }
}
