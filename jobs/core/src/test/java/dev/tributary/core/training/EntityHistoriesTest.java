package dev.tributary.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.window.Seeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hash as-of join's build side against a scan of every row: random entities whose rows arrive
 * shuffled and interleaved, looked up at their rows' times, a millisecond before them, at random
 * and for entities it never saw.
 */
class EntityHistoriesTest {
  private static final int CASES = 300;

  @Test
  void eachLookupIsTheRowWithTheGreatestValidFromAtOrBeforeTheTime() {
    long base = Seeds.base();
    for (int c = 0; c < CASES; c++) {
      long seed = base + c;
      Random random = new Random(seed);
      Map<String, List<long[]>> rowsByKey = new HashMap<>();
      List<Object[]> arrivals = new ArrayList<>();
      int entities = 1 + random.nextInt(6);
      for (int e = 0; e < entities; e++) {
        String key = "k" + e;
        Set<Long> validFroms = new HashSet<>();
        int count = random.nextInt(40);
        while (validFroms.size() < count) {
          validFroms.add((long) random.nextInt(500) - 100);
        }
        List<long[]> rows = new ArrayList<>();
        for (long validFrom : validFroms) {
          long[] row = {validFrom, random.nextLong()};
          rows.add(row);
          arrivals.add(new Object[] {key, row});
        }
        rowsByKey.put(key, rows);
      }
      Collections.shuffle(arrivals, random);
      EntityHistories<Long> histories = new EntityHistories<>();
      for (Object[] arrival : arrivals) {
        long[] row = (long[]) arrival[1];
        histories.add((String) arrival[0], row[0], row[1]);
      }
      histories.seal();
      assertEquals(arrivals.size(), histories.rows(), "seed " + seed);

      for (int e = 0; e <= entities; e++) {
        String key = "k" + e; // the last one was never added
        List<long[]> rows = rowsByKey.getOrDefault(key, List.of());
        List<Long> times = new ArrayList<>();
        for (long[] row : rows) {
          times.add(row[0]);
          times.add(row[0] - 1);
        }
        for (int i = 0; i < 20; i++) {
          times.add((long) random.nextInt(700) - 200);
        }
        for (long time : times) {
          assertEquals(
              scan(rows, time),
              histories.asOf(key, time),
              "seed " + seed + " (-Dtributary.seed=" + seed + "), entity " + key + ", t=" + time);
        }
      }
    }
  }

  @Test
  void twoRowsOfAnEntityWithOneValidFromAreRefusedNamingTheEntity() {
    EntityHistories<String> histories = new EntityHistories<>();
    histories.add("ORD", 10, "a");
    histories.add("ATL", 10, "b");
    histories.add("ORD", 10, "c");
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, histories::seal);
    assertTrue(error.getMessage().startsWith("entity ORD: two history rows with valid_from 10"));
  }

  @Test
  void rowsCannotBeAddedAfterTheSealNorLookedUpBefore() {
    EntityHistories<String> histories = new EntityHistories<>();
    histories.add("ORD", 10, "a");
    assertThrows(IllegalStateException.class, () -> histories.asOf("ORD", 10));
    histories.seal();
    assertThrows(IllegalStateException.class, () -> histories.add("ORD", 11, "b"));
  }

  /** The values of the row with the greatest valid_from at or before {@code time}, or null. */
  private static Long scan(List<long[]> rows, long time) {
    long[] best = null;
    for (long[] row : rows) {
      if (row[0] <= time && (best == null || row[0] > best[0])) {
        best = row;
      }
    }
    return best == null ? null : best[1];
  }
}
