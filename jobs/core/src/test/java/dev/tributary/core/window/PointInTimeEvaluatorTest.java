package dev.tributary.core.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.agg.Aggregation;
import dev.tributary.core.types.ValueType;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PointInTimeEvaluatorTest {

  private static final int CASES = 2000;

  @Test
  void everyQueryEqualsBruteForceOnRandomHistories() {
    long base = Seeds.base();
    for (int c = 0; c < CASES; c++) {
      long seed = base + c;
      RandomViews random = new RandomViews(new Random(seed));
      ViewSpec view = random.view();
      List<Event> events = random.events(view, 40);
      long[] times = random.queryTimes(view, events);
      Object[][] values = new PointInTimeEvaluator(view).evaluate(events, times);
      for (int q = 0; q < times.length; q++) {
        ViewValues.assertMatchesBruteForce(
            view, events, times[q], values[q], "seed " + seed + " (-Dtributary.seed=" + seed + ")");
      }
    }
  }

  @Test
  void windowIsHopAlignedAtTheTailAndExclusiveAtTheHead() {
    // W = 10, H = 5: as of t = 23 the window is [floor(13 / 5) * 5, 23) = [10, 23).
    ViewSpec view =
        ViewSpec.of(AggregateSpec.windowed("n", Aggregation.COUNT, ValueType.BOOLEAN, 10, 5));
    List<Event> events =
        List.of(Event.of(9, true), Event.of(10, true), Event.of(22, true), Event.of(23, true));
    Object[][] values = new PointInTimeEvaluator(view).evaluate(events, new long[] {23, 24, 25});
    assertArrayEquals(new Object[] {2L}, values[0]);
    assertArrayEquals(new Object[] {3L}, values[1]);
    assertArrayEquals(
        new Object[] {2L}, values[2], "tile [10, 15) dropped when the start passed 15");
  }

  @Test
  void ttlNullsEveryFeatureIncludingCount() {
    ViewSpec view =
        new ViewSpec(
            List.of(
                AggregateSpec.lifetime("n", Aggregation.COUNT, ValueType.BOOLEAN),
                AggregateSpec.lifetime("s", Aggregation.SUM, ValueType.LONG)),
            10);
    List<Event> events = List.of(Event.of(0, true, 4L));
    Object[][] values = new PointInTimeEvaluator(view).evaluate(events, new long[] {0, 1, 10, 11});
    assertArrayEquals(new Object[] {null, null}, values[0], "no event before t: expired");
    assertArrayEquals(new Object[] {1L, 4L}, values[1]);
    assertArrayEquals(new Object[] {1L, 4L}, values[2], "newest 0 is not older than 10 - 10");
    assertArrayEquals(new Object[] {null, null}, values[3]);
  }
}
