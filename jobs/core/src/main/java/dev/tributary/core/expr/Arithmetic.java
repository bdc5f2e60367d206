package dev.tributary.core.expr;

import dev.tributary.core.types.ValueType;

/**
 * {@code + - * / %} over numbers and timestamps.
 *
 * <p>Long arithmetic is exact: an overflow is an evaluation error, not a wrapped value. {@code /}
 * always gives a double (integer division silently truncating a mean delay is a classic bug);
 * division or remainder by zero gives null. A timestamp plus or minus a long of milliseconds is a
 * timestamp; the difference of two timestamps is a long of milliseconds.
 */
record Arithmetic(String operator, Expression left, Expression right, ValueType type)
    implements Expression {

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
    if (type == ValueType.DOUBLE) {
      return finite(applyDouble(((Number) a).doubleValue(), ((Number) b).doubleValue()));
    }
    return applyLong((Long) a, (Long) b);
  }

  private Double applyDouble(double a, double b) {
    switch (operator) {
      case "+":
        return a + b;
      case "-":
        return a - b;
      case "*":
        return a * b;
      case "/":
        return b == 0 ? null : a / b;
      default:
        return b == 0 ? null : a % b;
    }
  }

  private Long applyLong(long a, long b) {
    try {
      switch (operator) {
        case "+":
          return Math.addExact(a, b);
        case "-":
          return Math.subtractExact(a, b);
        case "*":
          return Math.multiplyExact(a, b);
        default:
          return b == 0 ? null : a % b;
      }
    } catch (ArithmeticException overflow) {
      throw new EvaluationException(
          "long overflow in " + canonical() + " for " + a + " " + operator + " " + b);
    }
  }

  private Double finite(Double value) {
    if (value != null && !Double.isFinite(value)) {
      throw new EvaluationException("non-finite result " + value + " of " + canonical());
    }
    return value;
  }

  @Override
  public String canonical() {
    return "(" + left.canonical() + " " + operator + " " + right.canonical() + ")";
  }
}
