package dev.tributary.core.expr;

import dev.tributary.core.types.ValueType;

/**
 * {@code == != < <= > >=}; numbers compare across long and double, other types with their own kind.
 */
record Comparison(String operator, Expression left, Expression right) implements Expression {

  @Override
  public ValueType type() {
    return ValueType.BOOLEAN;
  }

  @Override
  public Object evaluate(Object[] row) {
    Object a = left.evaluate(row);
    if (a == null) {
      return null;
    }
    Object b = right.evaluate(row);
    if (b == null) {
      return null;
    }
    int order = compare(a, b);
    switch (operator) {
      case "==":
        return order == 0;
      case "!=":
        return order != 0;
      case "<":
        return order < 0;
      case "<=":
        return order <= 0;
      case ">":
        return order > 0;
      default:
        return order >= 0;
    }
  }

  @SuppressWarnings("unchecked")
  private static int compare(Object a, Object b) {
    if (a instanceof Long && b instanceof Long) {
      return Long.compare((Long) a, (Long) b);
    }
    if (a instanceof Number && b instanceof Number) {
      return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
    }
    return ((Comparable<Object>) a).compareTo(b);
  }

  @Override
  public String canonical() {
    return "(" + left.canonical() + " " + operator + " " + right.canonical() + ")";
  }
}
