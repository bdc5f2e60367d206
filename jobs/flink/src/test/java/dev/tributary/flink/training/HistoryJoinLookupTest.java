package dev.tributary.flink.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tributary.core.defs.Model;
import dev.tributary.core.training.Spine;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.core.window.Seeds;
import dev.tributary.core.window.ViewSpec;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.iceberg.TrainingColumns;
import dev.tributary.flink.records.HistoryChange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The as-of join of one entity's history rows, in the order Flink's sort hands them over ({@code
 * valid_from} ascending) and in any other order, equals a brute-force scan: for each time, the
 * values of the row with the greatest {@code valid_from <= t}, else the values without events.
 */
class HistoryJoinLookupTest {
  @Test
  void rowsInAnyOrderGiveTheRowInEffectAsOfEachTime() {
    Model model = FlightsSample.definitions().model("flight_delay").orElseThrow();
    TrainingColumns columns = TrainingColumns.of(Spine.ofLabel(model), model.inputs());
    ViewSpec selected = columns.selectedSpec(0);
    byte[] withoutEvents = ViewValuesCodec.encodeValues(selected, selected.valuesWithoutEvents());
    HistoryJoinLookup lookup = new HistoryJoinLookup(0, columns);
    long seed = Seeds.base();
    Random random = new Random(seed);
    for (int round = 0; round < 500; round++) {
      TreeSet<Long> validFroms = new TreeSet<>();
      int size = random.nextInt(20);
      while (validFroms.size() < size) {
        validFroms.add((long) random.nextInt(1_000));
      }
      List<HistoryChange> sorted = new ArrayList<>();
      for (long validFrom : validFroms) {
        sorted.add(new HistoryChange(0, "JFK", validFrom, new byte[] {(byte) validFrom, 7}));
      }
      long[] times = new long[1 + random.nextInt(30)];
      for (int i = 0; i < times.length; i++) {
        times[i] = random.nextInt(1_100) - 50;
      }
      byte[][] expected = new byte[times.length][];
      for (int i = 0; i < times.length; i++) {
        expected[i] = withoutEvents;
        for (HistoryChange row : sorted) {
          if (row.validFrom <= times[i]) {
            expected[i] = row.values;
          }
        }
      }
      List<HistoryChange> shuffled = new ArrayList<>(sorted);
      Collections.shuffle(shuffled, random);
      assertArrayEquals(
          expected, lookup.encodedValuesAsOf(sorted, times), Seeds.replay(seed) + ", sorted");
      assertArrayEquals(
          expected, lookup.encodedValuesAsOf(shuffled, times), Seeds.replay(seed) + ", shuffled");
    }
  }
}
