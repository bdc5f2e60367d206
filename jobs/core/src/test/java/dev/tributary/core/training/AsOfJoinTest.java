package dev.tributary.core.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.agg.Aggregation;
import dev.tributary.core.types.ValueType;
import dev.tributary.core.window.BruteForceEvaluator;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.core.window.ChangePoints;
import dev.tributary.core.window.Event;
import dev.tributary.core.window.PointInTimeEvaluator;
import dev.tributary.core.window.Seeds;
import dev.tributary.core.window.ViewSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both training-set strategies against the contract written out by brute force: the as-of join over
 * change points, and the recompute from events, for random views, entities and spines whose times
 * sit exactly at event times, at valid_froms, one millisecond before them, and at random.
 */
class AsOfJoinTest {
  private static final int CASES = 1500;
  private static final Aggregation[] EXACT = {
    Aggregation.COUNT,
    Aggregation.SUM,
    Aggregation.AVG,
    Aggregation.MIN,
    Aggregation.MAX,
    Aggregation.LAST
  };

  @Test
  void bothStrategiesEqualBruteForceForRandomSpines() {
    long base = Seeds.base();
    for (int c = 0; c < CASES; c++) {
      long seed = base + c;
      Random random = new Random(seed);
      ViewSpec view = randomView(random);
      BruteForceEvaluator brute = new BruteForceEvaluator(view);
      int entities = 1 + random.nextInt(3);
      for (int entity = 0; entity < entities; entity++) {
        List<Event> events = randomEvents(random, view.size(), random.nextInt(25));
        List<ChangePoint> rows = new ChangePoints(view).compute(events);
        long[] times = spineTimes(random, events, rows);
        Object[][] joined = new AsOfJoin(view).valuesAsOf(rows, times);
        Object[][] recomputed = new PointInTimeEvaluator(view).evaluate(events, times);
        for (int i = 0; i < times.length; i++) {
          Object[] expected = brute.valuesAt(events, times[i]);
          String context =
              "seed "
                  + seed
                  + " (-Dtributary.seed="
                  + seed
                  + "), entity "
                  + entity
                  + ", t="
                  + times[i]
                  + ", view "
                  + view
                  + ", events "
                  + events;
          assertArrayEquals(expected, joined[i], "history join: " + context);
          assertArrayEquals(expected, recomputed[i], "recompute: " + context);
        }
      }
    }
  }

  @Test
  void beforeTheFirstRowTheValuesWithoutEventsAndAtValidFromTheRowItself() {
    ViewSpec view =
        ViewSpec.of(AggregateSpec.windowed("n", Aggregation.COUNT, ValueType.BOOLEAN, 10, 5));
    List<ChangePoint> rows =
        List.of(new ChangePoint(13, new Object[] {1L}), new ChangePoint(25, new Object[] {0L}));
    Object[][] values = new AsOfJoin(view).valuesAsOf(rows, new long[] {25, 12, 13, 24, 100});
    assertEquals(List.of(0L, 0L, 1L, 1L, 0L), Arrays.stream(values).map(v -> v[0]).toList());
  }

  private static ViewSpec randomView(Random random) {
    List<AggregateSpec> features = new ArrayList<>();
    int size = 1 + random.nextInt(4);
    for (int i = 0; i < size; i++) {
      Aggregation function = EXACT[random.nextInt(EXACT.length)];
      if (random.nextInt(4) == 0) {
        features.add(AggregateSpec.lifetime("f" + i, function, ValueType.LONG));
      } else {
        long hop = 1 + random.nextInt(6);
        features.add(
            AggregateSpec.windowed(
                "f" + i, function, ValueType.LONG, hop * (1 + random.nextInt(4)), hop));
      }
    }
    long ttl = random.nextBoolean() ? 0 : 5 + random.nextInt(30);
    return new ViewSpec(features, ttl);
  }

  /**
   * Events on a small time range, so that windows are empty, full, and entities expire and come
   * back.
   */
  private static List<Event> randomEvents(Random random, int features, int count) {
    List<Event> events = new ArrayList<>();
    long t = random.nextInt(20) - 10;
    for (int i = 0; i < count; i++) {
      t += random.nextInt(4) == 0 ? random.nextInt(60) : random.nextInt(3);
      Long input = random.nextInt(8) == 0 ? null : (long) (random.nextInt(21) - 10);
      events.add(new Event(t, repeat(input, features)));
    }
    return events;
  }

  private static Object[] repeat(Object input, int n) {
    Object[] inputs = new Object[n];
    Arrays.fill(inputs, input);
    return inputs;
  }

  private static long[] spineTimes(Random random, List<Event> events, List<ChangePoint> rows) {
    List<Long> times = new ArrayList<>();
    for (Event e : events) {
      times.add(e.eventTimeMillis());
    }
    for (ChangePoint row : rows) {
      times.add(row.validFrom());
      times.add(row.validFrom() - 1);
    }
    for (int i = 0; i < 10; i++) {
      times.add((long) random.nextInt(400) - 50);
    }
    java.util.Collections.shuffle(times, random);
    return times.stream().mapToLong(Long::longValue).toArray();
  }
}
