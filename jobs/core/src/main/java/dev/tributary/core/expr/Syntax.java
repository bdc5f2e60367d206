package dev.tributary.core.expr;

import java.util.List;

/**
 * An untyped expression tree straight from the parser: what was written, where it was written.
 *
 * @param kind what the node is
 * @param value the literal text, the column or function name, or the operator
 * @param offset offset of the node's first character in the expression text
 * @param children operands or call arguments, in order
 */
record Syntax(Kind kind, String value, int offset, List<Syntax> children) {

  enum Kind {
    INTEGER,
    DECIMAL,
    STRING,
    BOOLEAN,
    COLUMN,
    CALL,
    UNARY,
    BINARY
  }

  static Syntax leaf(Kind kind, String value, int offset) {
    return new Syntax(kind, value, offset, List.of());
  }
}
