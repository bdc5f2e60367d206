package dev.tributary.core.expr;

import dev.tributary.core.types.RowSchema;
import dev.tributary.core.types.ValueType;
import java.io.Serializable;

/**
 * A compiled, type-checked row-level expression: a column, arithmetic, comparisons, conditionals
 * and time parts over one row of a source.
 *
 * <p>Expressions are parsed and typed here, never handed to SQL as text, so a definition that
 * passes validation cannot fail to compile later and cannot inject anything. Evaluation follows SQL
 * null rules: an operator with a null operand gives null, {@code and}/{@code or} use three-valued
 * logic. A value that cannot be computed (overflow, a non-finite number) throws {@link
 * EvaluationException} naming the expression, so the caller can dead-letter the record.
 */
public interface Expression extends Serializable {

  /** The type of every value this expression gives. */
  ValueType type();

  /** Evaluates against a row laid out as the schema the expression was compiled with. */
  Object evaluate(Object[] row);

  /**
   * A canonical text of the expression: fully parenthesised, one spelling per construct. Two
   * expressions with the same canonical text compute the same values; version hashes use it.
   */
  String canonical();

  /**
   * Parses and type-checks {@code text} against {@code schema}.
   *
   * @throws ExpressionException with the offset of the first problem
   */
  static Expression compile(String text, RowSchema schema) {
    return new Compiler(schema).compile(Parser.parse(text));
  }

  /** The expression itself when numeric; a boolean becomes 1 or 0 for numeric aggregations. */
  static Expression asNumber(Expression expression) {
    return expression.type() == ValueType.BOOLEAN ? new BooleanAsLong(expression) : expression;
  }
}
