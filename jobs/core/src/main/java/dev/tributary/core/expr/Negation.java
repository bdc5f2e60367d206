package dev.tributary.core.expr;

import dev.tributary.core.types.ValueType;

/** Unary minus of a number. */
record Negation(Expression operand) implements Expression {

  @Override
  public ValueType type() {
    return operand.type();
  }

  @Override
  public Object evaluate(Object[] row) {
    Object value = operand.evaluate(row);
    if (value == null) {
      return null;
    }
    if (value instanceof Double) {
      return -(Double) value;
    }
    try {
      return Math.negateExact((Long) value);
    } catch (ArithmeticException overflow) {
      throw new EvaluationException("long overflow negating " + value + " in " + canonical());
    }
  }

  @Override
  public String canonical() {
    return "(-" + operand.canonical() + ")";
  }
}
