package dev.tributary.core.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.agg.Aggregation;
import dev.tributary.core.types.ValueType;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChangePointsTest {

  private static final int CASES = 2000;

  @Test
  void asOfLookupEqualsBruteForceAtEveryValidFromTheMillisecondBeforeAndRandomTimes() {
    long base = Seeds.base();
    for (int c = 0; c < CASES; c++) {
      long seed = base + c;
      Random random = new Random(seed);
      RandomViews views = new RandomViews(random);
      ViewSpec view = views.view();
      List<Event> events = views.events(view, 40);
      ChangePoints changePoints = new ChangePoints(view);
      List<ChangePoint> rows = changePoints.compute(events);
      String context = "seed " + seed + " (-Dtributary.seed=" + seed + "), rows " + rows;

      Object[] previous = view.valuesWithoutEvents();
      long previousFrom = Long.MIN_VALUE;
      for (ChangePoint row : rows) {
        assertTrue(row.validFrom() > previousFrom, context + ": validFrom must increase");
        assertFalse(Arrays.equals(previous, row.values()), context + ": row without change " + row);
        previous = row.values();
        previousFrom = row.validFrom();
        for (long t : new long[] {row.validFrom() - 1, row.validFrom()}) {
          ViewValues.assertMatchesBruteForce(
              view, events, t, changePoints.valuesAsOf(rows, t), context);
        }
      }
      for (long t : views.queryTimes(view, events)) {
        ViewValues.assertMatchesBruteForce(
            view, events, t, changePoints.valuesAsOf(rows, t), context);
      }
    }
  }

  @Test
  void eventTakesEffectOneMillisecondLaterAndTailDropsAtTheHopBoundary() {
    // W = 10, H = 5: the event at 12 is in tile [10, 15), which leaves the window at 15 + 10.
    ViewSpec view =
        ViewSpec.of(AggregateSpec.windowed("n", Aggregation.COUNT, ValueType.BOOLEAN, 10, 5));
    List<ChangePoint> rows = new ChangePoints(view).compute(List.of(Event.of(12, true)));
    assertEquals(
        List.of(new ChangePoint(13, new Object[] {1L}), new ChangePoint(25, new Object[] {0L})),
        rows);
  }

  @Test
  void ttlExpiryIsARowAndNullInputsThatChangeNothingAreNot() {
    ViewSpec view =
        new ViewSpec(List.of(AggregateSpec.lifetime("m", Aggregation.MAX, ValueType.LONG)), 10);
    List<ChangePoint> rows =
        new ChangePoints(view).compute(List.of(Event.of(0, 5L), Event.of(3, (Object) null)));
    assertEquals(
        List.of(new ChangePoint(1, new Object[] {5L}), new ChangePoint(14, new Object[] {null})),
        rows,
        "the null input at 3 keeps the entity alive until 3 + 10 but changes no value at 4");
  }
}
