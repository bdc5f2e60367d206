package dev.tributary.core.expr;

import dev.tributary.core.types.ValueType;

/** A literal value. */
record Constant(ValueType type, Object value) implements Expression {

  @Override
  public Object evaluate(Object[] row) {
    return value;
  }

  @Override
  public String canonical() {
    if (type == ValueType.STRING) {
      return "'" + ((String) value).replace("'", "''") + "'";
    }
    return String.valueOf(value);
  }
}
