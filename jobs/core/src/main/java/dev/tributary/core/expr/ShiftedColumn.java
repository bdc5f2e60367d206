package dev.tributary.core.expr;

import dev.tributary.core.types.ValueType;
import java.util.Optional;

/**
 * A timestamp expression that is one column plus a fixed amount, such as {@code date - hours(2)}:
 * then {@code from <= expression < to} holds exactly when {@code from - offset <= column < to -
 * offset}, so a reader can ask a table for that range of the column instead of reading every row.
 *
 * @param column the timestamp column's name
 * @param offsetMillis what the expression adds to the column
 */
public record ShiftedColumn(String column, long offsetMillis) {

  /**
   * The column and offset of {@code expression}, or empty when it is not a timestamp column plus a
   * constant.
   */
  public static Optional<ShiftedColumn> of(Expression expression) {
    if (expression.type() != ValueType.TIMESTAMP) {
      return Optional.empty();
    }
    if (expression instanceof ColumnReference column) {
      return Optional.of(new ShiftedColumn(column.name(), 0));
    }
    if (expression instanceof Arithmetic arithmetic
        && (arithmetic.operator().equals("+") || arithmetic.operator().equals("-"))) {
      Optional<ShiftedColumn> left = of(arithmetic.left());
      if (left.isPresent() && isConstant(arithmetic.right())) {
        long amount = (Long) arithmetic.right().evaluate(new Object[0]);
        return Optional.of(left.get().plus(arithmetic.operator().equals("+") ? amount : -amount));
      }
      if (arithmetic.operator().equals("+") && isConstant(arithmetic.left())) {
        return of(arithmetic.right())
            .map(right -> right.plus((Long) arithmetic.left().evaluate(new Object[0])));
      }
    }
    return Optional.empty();
  }

  /**
   * The column's values for which the expression falls in {@code [from, to)}; the bounds' sentinels
   * stay.
   */
  public long columnFrom(long from) {
    return from == Long.MIN_VALUE ? from : from - offsetMillis;
  }

  /** See {@link #columnFrom}: {@link Long#MAX_VALUE} stays unbounded. */
  public long columnTo(long to) {
    return to == Long.MAX_VALUE ? to : to - offsetMillis;
  }

  private ShiftedColumn plus(long amount) {
    return new ShiftedColumn(column, offsetMillis + amount);
  }

  /** A non-null long without column references: the same value for every row. */
  private static boolean isConstant(Expression expression) {
    if (expression instanceof Constant constant) {
      return constant.value() instanceof Long;
    }
    if (expression instanceof FunctionCall call && call.type() != ValueType.DOUBLE) {
      return call.arguments().stream().allMatch(ShiftedColumn::isConstant)
          && call.evaluate(new Object[0]) instanceof Long;
    }
    return false;
  }
}
