package dev.tributary.flink.materialize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.view.ViewInput;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.core.window.Event;
import dev.tributary.flink.online.OnlineLookup;
import dev.tributary.flink.online.OnlineStoreReader;
import dev.tributary.flink.online.RedisOptions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the online store against the core: per entity, Redis holds exactly the core's values as of
 * the as-of time stored beside them (sketch features within their error bound of the exact window
 * contents), and that time is at least the entity's newest event + 1 ms and at most the last
 * instant the job can have made final.
 *
 * <p>How far the keyed operator's watermark gets before the input ends depends on which partition
 * ends first (the end of input itself publishes nothing: it is not a time), so the test does not
 * pin the as-of to one instant.
 */
public final class OnlineAssertions {
  private OnlineAssertions() {}

  public static void assertRedisHoldsTheValuesAsOfTheirAsOfTime(
      List<ParsedEvent> events,
      long latestFinalWatermark,
      List<ViewProgram> programs,
      RedisOptions redis)
      throws Exception {
    try (OnlineStoreReader reader = OnlineStoreReader.open(redis)) {
      for (ViewProgram program : programs) {
        if (!program.view().online()) {
          continue;
        }
        Map<String, List<ChangePoint>> history = ExpectedHistory.of(program, events);
        Map<String, List<Event>> entityEvents = ExpectedHistory.eventsByEntity(program, events);
        Map<String, Long> newest = new HashMap<>();
        Map<String, List<Object>> keys = new HashMap<>();
        for (ParsedEvent event : events) {
          Optional<ViewInput> input = program.extract(event.row(), event.eventTime());
          input.ifPresent(
              i -> {
                newest.merge(i.encodedKey(), event.eventTime(), Math::max);
                keys.put(i.encodedKey(), i.keyValues());
              });
        }
        boolean[] approximate = HistoryAssertions.approximateFeatures(program);
        for (String entity : history.keySet()) {
          String what = program.view().name() + " " + entity;
          OnlineRecord stored =
              reader
                  .read(new OnlineLookup(program.view(), keys.get(entity)))
                  .orElseThrow(() -> new AssertionError(what + ": no hash in Redis"));
          long firstNewest = newest.get(entity) + 1;
          long latest = Math.max(firstNewest, latestFinalWatermark + 1);
          assertTrue(
              stored.asOf() >= firstNewest && stored.asOf() <= latest,
              what + ": as-of " + stored.asOf() + " outside [" + firstNewest + ", " + latest + "]");
          Object[] before = program.spec().valuesWithoutEvents();
          Object[] expected =
              exact(valuesAsOf(history.get(entity), stored.asOf(), before), approximate);
          assertEquals(
              Arrays.asList(expected),
              Arrays.asList(exact(stored.values().toArray(), approximate)),
              what + " as of " + stored.asOf());
          SketchAssertions.assertValuesWithinBounds(
              program,
              entityEvents.get(entity),
              stored.values().toArray(),
              stored.asOf(),
              what + " in Redis");
        }
      }
    }
  }

  private static Object[] exact(Object[] values, boolean[] approximate) {
    Object[] exact = values.clone();
    for (int i = 0; i < approximate.length; i++) {
      if (approximate[i]) {
        exact[i] = null;
      }
    }
    return exact;
  }

  private static Object[] valuesAsOf(List<ChangePoint> rows, long t, Object[] before) {
    Object[] values = before.clone();
    for (ChangePoint row : rows) {
      if (row.validFrom() > t) {
        break;
      }
      values = row.values().clone();
    }
    return values;
  }
}
