package dev.tributary.io.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.core.defs.FileInput;
import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.TimestampRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real flights data: the committed CSV sample and, where present, the 3 M row Parquet it was
 * cut from.
 */
class FlightsDataTest {
  private static final long SAMPLE_END = Instant.parse("2001-01-15T00:00:00Z").toEpochMilli();

  private final Source flights = InputFixtures.flights();

  @Test
  void theSampleReadsWithoutRejections() {
    List<ParseOutcome> sample = InputFixtures.readAll(EventFileReader.of(flights));
    assertEquals(228_738, sample.size());
    assertEquals(
        new ParsedEvent(
            new Object[] {
              Instant.parse("2001-01-01T00:01:00Z").toEpochMilli(), -13L, 2345L, "ANC", "LAX"
            },
            Instant.parse("2000-12-31T23:48:00Z").toEpochMilli()),
        sample.get(0));
    assertEquals(228_738, InputFixtures.events(sample).size());
  }

  /**
   * Reads all 3 M rows and checks that those of the sample's two weeks are exactly the sample's
   * rows (the sample was cut from this file with DuckDB and sorted, so compare as sorted lists).
   */
  @Test
  void theFullParquetHoldsThreeMillionRowsAndTheSample() {
    Path parquet = InputFixtures.flights3m();
    assumeTrue(
        Files.exists(parquet),
        "needs ../shared/data/flights-3m.parquet (development machines only)");
    EventFileReader reader =
        new EventFileReader(flights, new FileInput(parquet, "parquet"), TimestampRange.DEFAULT);
    long rows = 0;
    List<ParsedEvent> firstTwoWeeks = new ArrayList<>();
    List<ParsedEvent> firstRows = new ArrayList<>();
    long started = System.nanoTime();
    try (EventIterator events = reader.open()) {
      while (events.hasNext()) {
        ParsedEvent event = (ParsedEvent) events.next();
        rows++;
        if ((Long) event.row()[0] < SAMPLE_END) {
          firstTwoWeeks.add(event);
        }
        if (firstRows.size() < 100) {
          firstRows.add(event);
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "read %,d Parquet rows in %.2f s: %,.0f rows/s%n", rows, seconds, rows / seconds);
    assertEquals(3_000_000, rows);

    List<ParsedEvent> sample =
        InputFixtures.events(InputFixtures.readAll(EventFileReader.of(flights)));
    Comparator<ParsedEvent> byRow = Comparator.comparing(e -> Arrays.toString(e.row()));
    int firstMinute =
        (int) sample.stream().filter(e -> e.row()[0].equals(sample.get(0).row()[0])).count();
    assertEquals(
        sample.subList(0, firstMinute).stream().sorted(byRow).toList(),
        firstRows.subList(0, firstMinute).stream().sorted(byRow).toList(),
        "the Parquet file starts with the sample's first minute of flights (the sample orders each minute by route)");
    assertEquals(
        sample.stream().sorted(byRow).toList(), firstTwoWeeks.stream().sorted(byRow).toList());
  }
}
