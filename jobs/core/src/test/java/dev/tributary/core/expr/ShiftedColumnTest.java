package dev.tributary.core.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.core.types.Column;
import dev.tributary.core.types.RowSchema;
import dev.tributary.core.types.ValueType;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShiftedColumnTest {
  private static final RowSchema SCHEMA =
      new RowSchema(
          List.of(
              new Column("date", ValueType.TIMESTAMP),
              new Column("delay", ValueType.LONG),
              new Column("sent", ValueType.TIMESTAMP)));

  @ParameterizedTest
  @CsvSource({
    "date, date, 0",
    "date - hours(2), date, -7200000",
    "date + minutes(30), date, 1800000",
    "hours(1) + sent, sent, 3600000",
    "(date - hours(2)) + minutes(15), date, -6300000",
    "date - 500, date, -500"
  })
  void aColumnPlusAConstant(String expression, String column, long offset) {
    assertEquals(
        Optional.of(new ShiftedColumn(column, offset)),
        ShiftedColumn.of(Expression.compile(expression, SCHEMA)));
  }

  @ParameterizedTest
  @CsvSource({
    "date + minutes(delay)",
    "delay",
    "date - sent",
    "'if(delay > 0, date, sent)'",
    "date + delay"
  })
  void anythingElseIsNotShifted(String expression) {
    assertEquals(Optional.empty(), ShiftedColumn.of(Expression.compile(expression, SCHEMA)));
  }

  /**
   * The column range selects exactly the rows whose expression falls in the range, bounds included.
   */
  @Test
  void columnRangeSelectsTheSameRowsAsTheExpression() {
    Random random = new Random(20011231);
    Expression asOf = Expression.compile("date - hours(2) + minutes(7)", SCHEMA);
    ShiftedColumn shifted = ShiftedColumn.of(asOf).orElseThrow();
    for (int i = 0; i < 100_000; i++) {
      long date =
          random.nextInt(1_000_000) * 1_000L + (random.nextBoolean() ? 0 : random.nextInt(1_000));
      long from = random.nextInt(1_000_000) * 1_000L;
      long to = from + random.nextInt(20_000_000);
      if (random.nextInt(10) == 0) {
        from = date - 7_200_000 + 420_000; // exactly at a bound
      }
      long value = (Long) asOf.evaluate(new Object[] {date, 0L, 0L});
      boolean byExpression = value >= from && value < to;
      boolean byColumn = date >= shifted.columnFrom(from) && date < shifted.columnTo(to);
      assertEquals(byExpression, byColumn, "date " + date + " in [" + from + ", " + to + ")");
    }
    assertEquals(Long.MIN_VALUE, shifted.columnFrom(Long.MIN_VALUE));
    assertEquals(Long.MAX_VALUE, shifted.columnTo(Long.MAX_VALUE));
  }
}
