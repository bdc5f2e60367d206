package dev.tributary.io.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.window.Seeds;
import dev.tributary.io.file.InputFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The external sort equals a stable in-memory sort, whatever the run size, and cleans up its runs.
 */
class EventTimeSorterTest {

  private static List<ParsedEvent> randomEvents(Random random, int count) {
    String[] origins = {"SFO", "", "Zürich", "a\"b", "東京"};
    List<ParsedEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Object[] row = {
        random.nextLong(0, 1L << 42),
        (long) i,
        random.nextGaussian(),
        origins[random.nextInt(origins.length)],
        random.nextBoolean()
      };
      // few distinct times, so ties are common and their order (input order) is checked
      events.add(new ParsedEvent(row, random.nextInt(50) * 1000L));
    }
    return events;
  }

  @Test
  void mergesSpilledRunsIntoAStableEventTimeOrder() throws IOException {
    long seed = Seeds.base();
    Random random = new Random(seed);
    for (int runSize : new int[] {1, 7, 100, 1000, 5000}) {
      List<ParsedEvent> events = randomEvents(random, random.nextInt(0, 3000));
      List<ParsedEvent> expected =
          events.stream().sorted(Comparator.comparingLong(ParsedEvent::eventTime)).toList();
      List<ParsedEvent> sorted = new ArrayList<>();
      try (EventTimeSorter sorter = new EventTimeSorter(InputFixtures.ALL_TYPES, runSize)) {
        sorter.sort(events.iterator()).forEachRemaining(sorted::add);
      }
      assertEquals(expected, sorted, Seeds.replay(seed) + ", run size " + runSize);
    }
  }

  @Test
  void deletesItsRunsOnClose() throws IOException {
    Path folder;
    try (EventTimeSorter sorter = new EventTimeSorter(InputFixtures.ALL_TYPES, 10)) {
      Iterator<ParsedEvent> sorted = sorter.sort(randomEvents(new Random(1), 100).iterator());
      sorted.next();
      folder = sorter.spillFolder();
      assertNotNull(folder, "runs spilled while sorting");
      try (Stream<Path> runs = Files.list(folder)) {
        assertEquals(10, runs.count(), "100 events in runs of 10");
      }
    }
    assertFalse(Files.exists(folder), "the runs' folder is gone: " + folder);
  }
}
