package dev.tributary.core.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.agg.Aggregation;
import dev.tributary.core.types.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the streaming job publishes to the online store: after each event, the values as of the
 * later of the newest event + 1 ms and the emitted time, read with {@link
 * StreamingChangePoints#valuesAt}; they must equal a brute-force scan of the events so far. Events
 * arrive in order, as from a replay, and the watermark trails them, as in the job.
 */
class OnlineValuesTest {
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;

  @Test
  void valuesAsOfTheNewestEventEqualBruteForce() {
    ViewSpec view =
        new ViewSpec(
            List.of(
                AggregateSpec.windowed(
                    "count_3h", Aggregation.COUNT, ValueType.BOOLEAN, 3 * HOUR, 5 * MINUTE),
                AggregateSpec.windowed(
                    "mean_3h", Aggregation.AVG, ValueType.LONG, 3 * HOUR, 5 * MINUTE),
                AggregateSpec.windowed(
                    "share_24h", Aggregation.AVG, ValueType.LONG, 24 * HOUR, HOUR)),
            2 * 24 * HOUR);
    long base = Seeds.base();
    for (int c = 0; c < 300; c++) {
      long seed = base + c;
      Random random = new Random(seed);
      StreamingChangePoints state = new StreamingChangePoints(view, HOUR);
      List<Event> seen = new ArrayList<>();
      long time = 0;
      for (int i = 0; i < 60; i++) {
        time += (long) (random.nextDouble() * random.nextInt(4) * HOUR);
        Event event =
            Event.of(time, Boolean.TRUE, (long) random.nextInt(100), (long) random.nextInt(2));
        long watermark = time - 5 * MINUTE - 1;
        if (random.nextBoolean() && watermark + 1 > state.emittedThrough()) {
          state.advanceTo(watermark + 1);
        }
        state.accept(event);
        seen.add(event);
        long asOf = state.onlineAsOf();
        String context = "seed " + seed + " (-Dtributary.seed=" + seed + "), event " + i;
        assertEquals(Math.max(state.newestEventTime() + 1, state.emittedThrough()), asOf, context);
        assertEquals(state.emittedThrough() >= time + 1, state.emittedRowsAreOnline(), context);
        ViewValues.assertMatchesBruteForce(view, seen, asOf, state.valuesAt(asOf), context);
      }
    }
  }

  @Test
  void withoutLatenessTheOnlineTimeIsOneAfterTheEmittedTime() {
    ViewSpec view =
        ViewSpec.of(
            AggregateSpec.windowed("n", Aggregation.COUNT, ValueType.BOOLEAN, HOUR, MINUTE));
    StreamingChangePoints state = new StreamingChangePoints(view, 0);
    state.accept(Event.of(5 * MINUTE, Boolean.TRUE));
    state.advanceTo(2 * HOUR);
    // the values as of the emitted time were folded: the first time valuesAt answers is one later
    assertEquals(2 * HOUR + 1, state.onlineAsOf());
    assertArrayEquals(new Object[] {0L}, state.valuesAt(state.onlineAsOf()));
    assertTrue(state.emittedRowsAreOnline());
    state.advanceTo(Long.MAX_VALUE);
    assertFalse(state.emittedRowsAreOnline(), "the end of input is no time to serve values as of");
  }
}
