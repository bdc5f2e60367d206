package dev.tributary.core.expr;

import dev.tributary.core.types.ValueType;

/**
 * {@code and}, {@code or} and {@code not} with SQL's three-valued logic: {@code false and null} is
 * false, {@code true or null} is true, anything else with a null is null.
 */
record Logic(String operator, Expression left, Expression right) implements Expression {

  static Logic not(Expression operand) {
    return new Logic("not", operand, null);
  }

  @Override
  public ValueType type() {
    return ValueType.BOOLEAN;
  }

  @Override
  public Object evaluate(Object[] row) {
    Boolean a = (Boolean) left.evaluate(row);
    switch (operator) {
      case "not":
        return a == null ? null : !a;
      case "and":
        if (Boolean.FALSE.equals(a)) {
          return false;
        }
        Boolean andRight = (Boolean) right.evaluate(row);
        if (Boolean.FALSE.equals(andRight)) {
          return false;
        }
        return a == null || andRight == null ? null : true;
      default:
        if (Boolean.TRUE.equals(a)) {
          return true;
        }
        Boolean orRight = (Boolean) right.evaluate(row);
        if (Boolean.TRUE.equals(orRight)) {
          return true;
        }
        return a == null || orRight == null ? null : false;
    }
  }

  @Override
  public String canonical() {
    if (right == null) {
      return "(not " + left.canonical() + ")";
    }
    return "(" + left.canonical() + " " + operator + " " + right.canonical() + ")";
  }
}
