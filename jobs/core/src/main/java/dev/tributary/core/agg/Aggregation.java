package dev.tributary.core.agg;

/**
 * The aggregation functions of the definition format. Each has a mergeable state in this package.
 */
public enum Aggregation {
  COUNT("count"),
  SUM("sum"),
  AVG("avg"),
  MIN("min"),
  MAX("max"),
  LAST("last"),
  STDDEV("stddev"),
  APPROX_DISTINCT("approx_distinct"),
  APPROX_QUANTILE("approx_quantile"),
  LAST_N("last_n");

  private final String yamlName;

  Aggregation(String yamlName) {
    this.yamlName = yamlName;
  }

  /** The name used in feature definition files. */
  public String yamlName() {
    return yamlName;
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
