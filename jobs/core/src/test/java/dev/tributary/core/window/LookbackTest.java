package dev.tributary.core.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.agg.Aggregation;
import dev.tributary.core.types.ValueType;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The lookback rule ({@link ViewSpec#lookbackMillis()}): dropping every event older than {@code t -
 * lookback} leaves the values as of {@code t} unchanged, for random views, events and query times
 * (by the brute-force evaluator); and known lookbacks for the shapes the rule names.
 */
class LookbackTest {
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;

  @Test
  void eventsOlderThanTheLookbackDoNotChangeTheValues() {
    long base = Seeds.base();
    for (int c = 0; c < 500; c++) {
      long seed = base + c;
      RandomViews random = new RandomViews(new Random(seed));
      ViewSpec view = random.view();
      long lookback = view.lookbackMillis();
      if (lookback == ViewSpec.UNBOUNDED) {
        continue;
      }
      List<Event> events = random.events(view, 40);
      BruteForceEvaluator brute = new BruteForceEvaluator(view);
      for (long t : random.queryTimes(view, events)) {
        List<Event> recent =
            events.stream().filter(e -> e.eventTimeMillis() >= t - lookback).toList();
        assertArrayEquals(
            brute.valuesAt(events, t),
            brute.valuesAt(recent, t),
            "seed " + seed + " (-Dtributary.seed=" + seed + "), view " + view + ", as of " + t);
      }
    }
  }

  @Test
  void theLongestOfWindowPlusHopAndTtl() {
    AggregateSpec threeHours =
        AggregateSpec.windowed("c", Aggregation.COUNT, ValueType.LONG, 3 * HOUR, 5 * MINUTE);
    AggregateSpec oneDay =
        AggregateSpec.windowed("s", Aggregation.SUM, ValueType.LONG, 24 * HOUR, HOUR);
    assertEquals(25 * HOUR, new ViewSpec(List.of(threeHours, oneDay), 0).lookbackMillis());
    assertEquals(48 * HOUR, new ViewSpec(List.of(threeHours, oneDay), 48 * HOUR).lookbackMillis());
    assertEquals(
        3 * HOUR + 5 * MINUTE, new ViewSpec(List.of(threeHours), 2 * HOUR).lookbackMillis());
  }

  @Test
  void aLifetimeFeatureMeansUnbounded() {
    AggregateSpec lifetime = AggregateSpec.lifetime("n", Aggregation.COUNT, ValueType.LONG);
    AggregateSpec windowed =
        AggregateSpec.windowed("c", Aggregation.COUNT, ValueType.LONG, HOUR, MINUTE);
    assertEquals(
        ViewSpec.UNBOUNDED, new ViewSpec(List.of(windowed, lifetime), HOUR).lookbackMillis());
  }
}
