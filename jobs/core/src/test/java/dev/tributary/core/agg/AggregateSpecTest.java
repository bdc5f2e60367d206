package dev.tributary.core.agg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.types.ValueType;
import org.junit.jupiter.api.Test;

class AggregateSpecTest {

  @Test
  void rejectsWhatTheTimeContractCannotEvaluateWithMessagesNamingTheFeature() {
    assertMessage(
        "hop must be positive and divide the window",
        () -> AggregateSpec.windowed("delays", Aggregation.COUNT, ValueType.LONG, 10, 3));
    assertMessage(
        "sum does not accept string",
        () -> AggregateSpec.windowed("delays", Aggregation.SUM, ValueType.STRING, 10, 5));
    assertMessage(
        "a lifetime feature has no hop",
        () -> new AggregateSpec("delays", Aggregation.COUNT, ValueType.LONG, 0, 5, 0, 0.0));
    assertMessage(
        "last_n needs n",
        () -> AggregateSpec.lifetime("delays", Aggregation.LAST_N, ValueType.LONG));
    assertMessage(
        "quantile in [0, 1]",
        () ->
            new AggregateSpec("delays", Aggregation.APPROX_QUANTILE, ValueType.LONG, 0, 0, 0, 1.5));
  }

  private static void assertMessage(String expected, Runnable construction) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction::run);
    assertTrue(e.getMessage().contains("delays"), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void resultTypes() {
    assertEquals(ValueType.LONG, Aggregation.SUM.resultType(ValueType.BOOLEAN));
    assertEquals(ValueType.DOUBLE, Aggregation.SUM.resultType(ValueType.DOUBLE));
    assertEquals(ValueType.TIMESTAMP, Aggregation.MAX.resultType(ValueType.TIMESTAMP));
    assertEquals(ValueType.LONG, Aggregation.APPROX_DISTINCT.resultType(ValueType.STRING));
    assertEquals(ValueType.STRING, Aggregation.LAST_N.resultType(ValueType.STRING));
    assertTrue(Aggregation.LAST_N.producesList());
  }

  @Test
  void emptyWindowIsZeroForCountAndSumAndNullOtherwise() {
    assertEquals(
        0L, AggregateSpec.lifetime("c", Aggregation.COUNT, ValueType.STRING).emptyResult());
    assertEquals(0L, AggregateSpec.lifetime("s", Aggregation.SUM, ValueType.LONG).emptyResult());
    assertEquals(0.0, AggregateSpec.lifetime("s", Aggregation.SUM, ValueType.DOUBLE).emptyResult());
    assertEquals(null, AggregateSpec.lifetime("a", Aggregation.AVG, ValueType.LONG).emptyResult());
    assertEquals(
        null,
        AggregateSpec.lifetime("d", Aggregation.APPROX_DISTINCT, ValueType.LONG).emptyResult());
  }
}
