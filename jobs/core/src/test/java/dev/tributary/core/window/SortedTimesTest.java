package dev.tributary.core.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@link SortedTimes} against a {@link TreeSet} under random additions, drops and searches. */
class SortedTimesTest {

  @Test
  void behavesAsASortedSetOfTheTimesAfterTheLastDrop() {
    long base = Seeds.base();
    for (int round = 0; round < 200; round++) {
      long seed = base + round;
      Random random = new Random(seed);
      TreeSet<Long> expected = new TreeSet<>();
      for (int i = 0; i < random.nextInt(20); i++) {
        expected.add((long) random.nextInt(1_000));
      }
      SortedTimes times = new SortedTimes(expected.stream().mapToLong(Long::longValue).toArray());
      long dropped = Long.MIN_VALUE;
      for (int step = 0; step < 300; step++) {
        int action = random.nextInt(10);
        if (action < 6) {
          TreeSet<Long> added = new TreeSet<>();
          for (int i = 0; i < 1 + random.nextInt(5); i++) {
            added.add(
                dropped == Long.MIN_VALUE
                    ? random.nextInt(2_000)
                    : dropped + 1 + random.nextInt(2_000));
          }
          times.addAll(added.stream().mapToLong(Long::longValue).toArray());
          expected.addAll(added);
        } else if (action < 8 && !expected.isEmpty()) {
          long horizon = expected.first() + random.nextInt(300);
          times.dropThrough(horizon);
          expected.headSet(horizon, true).clear();
          dropped = Math.max(dropped, horizon);
        } else {
          long t = (dropped == Long.MIN_VALUE ? 0 : dropped) + random.nextInt(2_000);
          assertEquals(
              expected.headSet(t, true).size(),
              times.firstAfter(t),
              "seed " + seed + ": firstAfter " + t);
        }
        assertEquals(expected.size(), times.size(), "seed " + seed + ": size");
        assertArrayEquals(
            expected.stream().mapToLong(Long::longValue).toArray(),
            times.copyOfRange(0, times.size()),
            "seed " + seed + " after step " + step);
      }
    }
  }

  @Test
  void keepsGrowingPastItsFirstCapacity() {
    SortedTimes times = new SortedTimes(new long[] {10});
    List<Long> added = new ArrayList<>();
    for (long t = 1_000; t > 10; t -= 7) {
      times.addAll(new long[] {t, t + 3});
      added.add(t);
      added.add(t + 3);
    }
    added.add(10L);
    assertArrayEquals(
        added.stream().mapToLong(Long::longValue).sorted().toArray(),
        times.copyOfRange(0, times.size()));
  }

  @Test
  void unionIsTheSortedDistinctTimesOfBoth() {
    long base = Seeds.base();
    for (int round = 0; round < 500; round++) {
      long seed = base + round;
      Random random = new Random(seed);
      TreeSet<Long> first = new TreeSet<>();
      TreeSet<Long> second = new TreeSet<>();
      for (int i = 0; i < random.nextInt(15); i++) {
        first.add((long) random.nextInt(40));
      }
      for (int i = 0; i < random.nextInt(15); i++) {
        second.add((long) random.nextInt(40));
      }
      TreeSet<Long> both = new TreeSet<>(first);
      both.addAll(second);
      assertArrayEquals(
          both.stream().mapToLong(Long::longValue).toArray(),
          SortedTimes.union(
              first.stream().mapToLong(Long::longValue).toArray(),
              second.stream().mapToLong(Long::longValue).toArray()),
          "seed " + seed);
    }
  }
}
