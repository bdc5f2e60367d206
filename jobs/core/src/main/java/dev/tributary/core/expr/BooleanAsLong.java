package dev.tributary.core.expr;

import dev.tributary.core.types.ValueType;

/**
 * A boolean seen as 1 or 0, so that {@code avg(delay > 15)} is the share of late flights and {@code
 * sum(delay > 15)} their count.
 */
record BooleanAsLong(Expression operand) implements Expression {

  @Override
  public ValueType type() {
    return ValueType.LONG;
  }

  @Override
  public Object evaluate(Object[] row) {
    Object value = operand.evaluate(row);
    return value == null ? null : ((Boolean) value ? 1L : 0L);
  }

  @Override
  public String canonical() {
    return "to_long(" + operand.canonical() + ")";
  }
}
