package dev.tributary.io.file;

import static dev.tributary.io.file.InputFixtures.allTypes;
import static dev.tributary.io.file.InputFixtures.readAll;
import static dev.tributary.io.file.InputFixtures.reader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.window.Seeds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a Parquet file by row groups gives its records, rejections and row numbers as reading it
 * whole does, and the groups a range skips hold no row of the range (nor a row without a time).
 */
class ParquetRowGroupsTest {
  private static final long MINUTE = 60_000;
  private static final long NEW_YEAR = 978_307_260_000L;

  @TempDir Path folder;

  private final Source source = allTypes();

  @Test
  void rowGroupsTogetherAreTheWholeFileAndSkippedGroupsHoldNoRowOfTheRange() throws IOException {
    long base = Seeds.base();
    for (int c = 0; c < 6; c++) {
      check(base + c);
    }
  }

  private void check(long seed) throws IOException {
    Random random = new Random(seed);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      long minutes = random.nextLong(0, 30L * 24 * 60);
      rows.add(
          new Object[] {
            random.nextInt(50) == 0 ? null : NEW_YEAR + minutes * MINUTE,
            random.nextInt(40) == 0 ? null : random.nextLong(-60, 600),
            random.nextInt(10_000) / 16.0,
            "SFO",
            random.nextBoolean()
          });
    }
    if (seed % 2 == 0) {
      // sorted by time, as event files usually are: then ranges skip most groups
      rows.sort(Comparator.comparing(row -> row[0] == null ? 0L : (Long) row[0]));
    }
    Path file = folder.resolve("events-" + seed + ".parquet");
    TestFiles.parquet(
        file,
        "int64 date (TIMESTAMP(MICROS,false))",
        (group, millis) -> group.append("date", millis * 1000),
        rows);
    String context = Seeds.replay(seed);
    EventFileReader reader = reader(source, file, "parquet");

    List<String> whole = describe(readAll(reader));
    int groups = ParquetRowGroups.count(file);
    assertTrue(groups > 3, "the test file has several row groups: " + context);
    List<String> byGroup = new ArrayList<>();
    List<List<Object[]>> rowsOfGroup = new ArrayList<>();
    int row = 0;
    for (int g = 0; g < groups; g++) {
      List<ParseOutcome> outcomes = new ArrayList<>();
      try (EventIterator events = reader.openRowGroup(file, g)) {
        events.forEachRemaining(outcomes::add);
      }
      byGroup.addAll(describe(outcomes));
      rowsOfGroup.add(rows.subList(row, row + outcomes.size()));
      row += outcomes.size();
    }
    assertEquals(whole, byGroup, "row groups read one by one: " + context);

    for (int r = 0; r < 5; r++) {
      long from = NEW_YEAR + random.nextLong(0, 30L * 24 * 60) * MINUTE;
      long to = from + random.nextLong(1, 5L * 24 * 60) * MINUTE;
      List<Integer> kept = ParquetRowGroups.overlapping(file, "date", from, to);
      for (int g = 0; g < groups; g++) {
        boolean needed =
            rowsOfGroup.get(g).stream()
                .anyMatch(
                    values ->
                        values[0] == null || (Long) values[0] >= from && (Long) values[0] < to);
        if (needed) {
          assertTrue(kept.contains(g), "group " + g + " of [" + from + ", " + to + "): " + context);
        }
      }
      if (seed % 2 == 0 && to - from < 2L * 24 * 60 * MINUTE) {
        assertTrue(kept.size() < groups, "a short range of sorted rows skips groups: " + context);
      }
    }
  }

  /** Outcomes as comparable text: an event's values and time, a rejection with where it was. */
  private static List<String> describe(List<ParseOutcome> outcomes) {
    return outcomes.stream()
        .map(
            outcome ->
                outcome instanceof ParsedEvent event
                    ? Arrays.toString(event.row()) + " @" + event.eventTime()
                    : outcome.toString())
        .toList();
  }
}
