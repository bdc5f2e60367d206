package dev.tributary.core.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.types.Column;
import dev.tributary.core.types.RowSchema;
import dev.tributary.core.types.ValueType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionTest {
  private static final RowSchema SCHEMA =
      new RowSchema(
          List.of(
              new Column("date", ValueType.TIMESTAMP),
              new Column("delay", ValueType.LONG),
              new Column("ratio", ValueType.DOUBLE),
              new Column("origin", ValueType.STRING),
              new Column("cancelled", ValueType.BOOLEAN)));

  /** 2001-01-06T18:30:00Z, a Saturday. */
  private static final long SATURDAY_EVENING = 978_805_800_000L;

  private static final Object[] ROW = {SATURDAY_EVENING, 20L, 0.5, "SFO", false};
  private static final Object[] NULLS = {null, null, null, null, null};

  private static Object eval(String text, Object[] row) {
    return Expression.compile(text, SCHEMA).evaluate(row);
  }

  private static ValueType type(String text) {
    return Expression.compile(text, SCHEMA).type();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "delay + 1|21",
        "delay - 25|-5",
        "delay * 3|60",
        "delay % 7|6",
        "-delay|-20",
        "abs(-delay)|20",
        "delay / 8|2.5",
        "delay + ratio|20.5",
        "to_double(delay)|20.0",
        "delay > 15|true",
        "delay >= 20 and not cancelled|true",
        "delay < 15 or origin == 'SFO'|true",
        "ratio == 0.5|true",
        "delay == 20.0|true",
        "if(delay > 15, 1, 0)|1",
        "if(delay > 30, 1, 0.5)|0.5",
        "if(delay > 15, 1, 0.5)|1.0",
        "concat(origin, '-', 'JFK')|SFO-JFK",
        "lower(origin)|sfo",
        "hour_of_day(date)|18",
        "minute_of_hour(date)|30",
        "day_of_week(date)|6",
        "day_of_month(date)|6",
        "month(date)|1",
        "date + minutes(delay)|978807000000",
        "date - hours(1)|978802200000",
        "(date + seconds(30)) - date|30000",
        "date + days(1) > date|true",
        "'it''s'|it's",
        "1.5e1|15.0",
      })
  void evaluates(String text, String expected) {
    assertEquals(expected, String.valueOf(eval(text, ROW)));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "delay + 1|LONG",
        "delay / 2|DOUBLE",
        "delay * ratio|DOUBLE",
        "date + minutes(delay)|TIMESTAMP",
        "date - date|LONG",
        "delay > 1|BOOLEAN",
        "if(cancelled, delay, ratio)|DOUBLE",
        "coalesce(origin, 'unknown')|STRING",
      })
  void infersTypes(String text, ValueType expected) {
    assertEquals(expected, type(text));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "delay + 1",
        "delay > 1",
        "abs(delay)",
        "hour_of_day(date)",
        "date + minutes(delay)",
        "concat(origin, 'x')",
        "delay / 0 + ratio",
      })
  void nullOperandsGiveNull(String text) {
    assertEquals(null, eval(text, NULLS));
  }

  @Test
  void booleanLogicIsThreeValued() {
    Object[] unknown = {null, null, null, null, null};
    assertEquals(false, eval("cancelled and false", unknown));
    assertEquals(true, eval("cancelled or true", unknown));
    assertEquals(null, eval("cancelled and true", unknown));
    assertEquals(null, eval("not cancelled", unknown));
    assertEquals(
        0L, eval("if(cancelled, 1, 0)", unknown), "a null condition takes the else branch");
    assertEquals(true, eval("is_null(cancelled)", unknown));
    assertEquals("none", eval("coalesce(origin, 'none')", unknown));
  }

  @Test
  void divisionByZeroIsNullAndOverflowIsAnError() {
    assertEquals(null, eval("delay / 0", ROW));
    assertEquals(null, eval("delay % 0", ROW));
    Object[] huge = {Long.MAX_VALUE, Long.MAX_VALUE, 1e308, "x", false};
    assertThrows(EvaluationException.class, () -> eval("delay + 1", huge));
    assertThrows(EvaluationException.class, () -> eval("minutes(delay)", huge));
    assertThrows(
        EvaluationException.class, () -> eval("ratio * 10", huge), "infinite results are rejected");
  }

  @Test
  void untakenBranchesAreNotEvaluated() {
    Object[] huge = {0L, Long.MAX_VALUE, 0.0, "x", false};
    assertEquals(0L, eval("if(delay > 0, 0, delay + 1)", huge));
  }

  @ParameterizedTest(name = "{0} at {1}: {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "delay +|7|ends where a value was expected",
        "dela + 1|0|unknown column 'dela'",
        "hour(date)|0|unknown function 'hour'",
        "origin + 1|7|'+' needs numbers, got string and long",
        "delay > 'x'|6|cannot compare long with string",
        "if(delay, 1, 0)|0|argument 1 must be boolean",
        "if(cancelled, 1, 'a')|0|arguments must have one type",
        "date + date|5|'+' is not defined for timestamp and timestamp",
        "(delay + 1|10|expected ')'",
        "delay 1|6|unexpected '1' after a complete expression",
        "'open|0|string literal is not closed",
        "delay # 2|6|unexpected character '#'",
        "minutes(ratio)|0|minutes argument 1 must be long",
        "cancelled < true|10|booleans can only be compared with == and !=",
        "99999999999999999999|0|does not fit in a long",
      })
  void reportsProblemsAtTheirOffset(String text, int offset, String message) {
    ExpressionException thrown =
        assertThrows(ExpressionException.class, () -> Expression.compile(text, SCHEMA));
    assertEquals(offset, thrown.offset(), thrown.getMessage());
    assertTrue(thrown.getMessage().contains(message), thrown.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "date + minutes(delay)",
        "if(delay > 15 and not cancelled, 1, 0)",
        "-(delay * 2) + abs(delay) % 3",
        "concat(origin, 'it''s')",
        "delay / 2 >= 1.5 or cancelled",
      })
  void canonicalTextIsAFixedPointThatComputesTheSame(String text) {
    Expression expression = Expression.compile(text, SCHEMA);
    Expression again = Expression.compile(expression.canonical(), SCHEMA);
    assertEquals(expression.canonical(), again.canonical());
    assertEquals(expression.evaluate(ROW), again.evaluate(ROW));
  }
}
