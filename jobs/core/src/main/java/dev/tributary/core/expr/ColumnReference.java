package dev.tributary.core.expr;

import dev.tributary.core.types.ValueType;

/** The value of one column of the row, resolved to its position at compile time. */
record ColumnReference(int index, String name, ValueType type) implements Expression {

  @Override
  public Object evaluate(Object[] row) {
    return row[index];
  }

  @Override
  public String canonical() {
    return name;
  }
}
