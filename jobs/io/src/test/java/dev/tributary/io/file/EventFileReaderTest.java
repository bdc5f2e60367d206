package dev.tributary.io.file;

import static dev.tributary.io.file.InputFixtures.allTypes;
import static dev.tributary.io.file.InputFixtures.events;
import static dev.tributary.io.file.InputFixtures.readAll;
import static dev.tributary.io.file.InputFixtures.reader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.RecordRejection;
import dev.tributary.core.window.Seeds;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.parquet.example.data.simple.NanoTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every format gives the same rows for the same data, and says where a bad record is. */
class EventFileReaderTest {
  private static final long MINUTE = 60_000;
  private static final long NEW_YEAR = 978_307_260_000L;

  @TempDir Path folder;

  private final Source source = allTypes();

  /**
   * Rows with awkward strings (commas, quotes, empty, non-ASCII) and every boolean, from a printed
   * seed.
   */
  private static List<Object[]> rows(long seed, int count) {
    Random random = new Random(seed);
    String[] origins = {"SFO", "a,b", "say \"hi\"", "", "Zürich", "東京", " padded "};
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(
          new Object[] {
            NEW_YEAR
                + random.nextLong(0, 180L * 24 * 60) * MINUTE
                + (i % 3 == 0 ? 0 : random.nextInt(60) * 1000),
            random.nextLong(-60, 600),
            random.nextInt(10_000) / 16.0,
            origins[random.nextInt(origins.length)],
            random.nextBoolean()
          });
    }
    return rows;
  }

  private static List<ParsedEvent> expected(List<Object[]> rows) {
    return rows.stream()
        .map(row -> new ParsedEvent(row, (Long) row[0] + (Long) row[1] * MINUTE))
        .toList();
  }

  @Test
  void csvJsonGzipAndParquetGiveIdenticalRows() throws IOException {
    long seed = Seeds.base();
    List<Object[]> rows = rows(seed, 10_000);
    TestFiles.csv(folder.resolve("events.csv"), "date,delay,ratio,origin,cancelled", rows);
    TestFiles.csv(folder.resolve("events.csv.gz"), "date,delay,ratio,origin,cancelled", rows);
    TestFiles.jsonLines(folder.resolve("events.json"), source.schema(), rows);
    TestFiles.jsonLines(folder.resolve("events.json.gz"), source.schema(), rows);
    TestFiles.parquet(
        folder.resolve("events.parquet"),
        "int64 date (TIMESTAMP(MICROS,false))",
        (group, millis) -> group.append("date", millis * 1000),
        rows);

    List<ParsedEvent> expected = expected(rows);
    String context = "seed " + seed + " (rerun with -Dtributary.seed=" + seed + ")";
    assertEquals(
        expected, events(readAll(reader(source, folder.resolve("events.csv"), "csv"))), context);
    assertEquals(
        expected, events(readAll(reader(source, folder.resolve("events.csv.gz"), "csv"))), context);
    assertEquals(
        expected, events(readAll(reader(source, folder.resolve("events.json"), "json"))), context);
    assertEquals(
        expected,
        events(readAll(reader(source, folder.resolve("events.json.gz"), "json"))),
        context);
    assertEquals(
        expected,
        events(readAll(reader(source, folder.resolve("events.parquet"), "parquet"))),
        context);
  }

  @Test
  void parquetTimestampsOfEveryEncodingBecomeTheSameMilliseconds() throws IOException {
    List<Object[]> rows = rows(7, 50);
    rows.forEach(row -> row[0] = (Long) row[0] + 123);
    TestFiles.parquet(
        folder.resolve("millis.parquet"),
        "int64 date (TIMESTAMP(MILLIS,true))",
        (group, millis) -> group.append("date", millis),
        rows);
    TestFiles.parquet(
        folder.resolve("micros.parquet"),
        "int64 date (TIMESTAMP(MICROS,true))",
        (group, millis) -> group.append("date", millis * 1000 + 999),
        rows);
    TestFiles.parquet(
        folder.resolve("nanos.parquet"),
        "int64 date (TIMESTAMP(NANOS,false))",
        (group, millis) -> group.append("date", millis * 1_000_000 + 999_999),
        rows);
    TestFiles.parquet(
        folder.resolve("plain.parquet"),
        "int64 date",
        (group, millis) -> group.append("date", millis),
        rows);
    TestFiles.parquet(
        folder.resolve("int96.parquet"),
        "int96 date",
        (group, millis) ->
            group.append(
                "date",
                new NanoTime(
                    (int) (Math.floorDiv(millis, 86_400_000L) + 2_440_588),
                    Math.floorMod(millis, 86_400_000L) * 1_000_000)),
        rows);
    List<ParsedEvent> expected = expected(rows);
    for (String name : List.of("millis", "micros", "nanos", "plain", "int96")) {
      assertEquals(
          expected,
          events(readAll(reader(source, folder.resolve(name + ".parquet"), "parquet"))),
          name);
    }

    List<Object[]> days = rows(8, 20);
    days.forEach(row -> row[0] = Math.floorDiv((Long) row[0], 86_400_000L) * 86_400_000L);
    TestFiles.parquet(
        folder.resolve("date.parquet"),
        "int32 date (DATE)",
        (group, millis) -> group.append("date", (int) (millis / 86_400_000L)),
        days);
    assertEquals(
        expected(days), events(readAll(reader(source, folder.resolve("date.parquet"), "parquet"))));
  }

  @Test
  void reportsAMalformedCsvLineWithFileAndLineAndReadsOn() throws IOException {
    Path file = folder.resolve("flights.csv");
    Files.writeString(
        file,
        """
        date,delay,ratio,origin,cancelled
        2001-01-01T00:01:00,-13,0.5,ANC,false
        2001-01-01T00:01:00,19,0.5,ATL
        2001-01-01T00:01:00,abc,0.5,ATL,true

        2001-01-01T00:01:00,4,0.5,"SF"O,true
        2001-01-01T00:01:00,4,0.5,"SFO,true
        2001-01-01T00:01:00,4,0.5,S"FO,true
        2001-01-01T00:01:00,,0.5,SFO,true
        2001-01-01T00:02:00,18,0.25,"T,PA",true
        """);
    List<ParseOutcome> outcomes = readAll(reader(source, file, "csv"));
    List<String> reasons =
        outcomes.stream()
            .filter(RecordRejection.class::isInstance)
            .map(o -> ((RecordRejection) o).reason())
            .toList();
    assertEquals(
        List.of(
            file + " line 3: expected 5 fields as in the header, got 4",
            file + " line 4: field 'delay': expected long, got \"abc\"",
            file + " line 6: field 4 has text after its closing quote",
            file + " line 7: field 4 opens a quote that is not closed on this line",
            file + " line 8: field 4 has a quote inside an unquoted value",
            file + " line 9: field 'delay': missing (empty)"),
        reasons);
    assertEquals(
        List.of(
            new ParsedEvent(
                new Object[] {NEW_YEAR, -13L, 0.5, "ANC", false}, NEW_YEAR - 13 * MINUTE),
            new ParsedEvent(
                new Object[] {NEW_YEAR + MINUTE, 18L, 0.25, "T,PA", true}, NEW_YEAR + 19 * MINUTE)),
        outcomes.stream().filter(ParsedEvent.class::isInstance).toList());
  }

  @Test
  void matchesCsvColumnsByHeaderNameInAnyOrderIgnoringExtras() throws IOException {
    Path file = folder.resolve("reordered.csv.gz");
    try (Writer out = TestFiles.text(file)) {
      out.write(
          "\uFEFFcancelled,note,origin,ratio,delay,date\ntrue,hello,SFO,1.5,7,2001-01-01T00:01:00Z\n");
    }
    assertEquals(
        List.of(
            new ParsedEvent(new Object[] {NEW_YEAR, 7L, 1.5, "SFO", true}, NEW_YEAR + 7 * MINUTE)),
        readAll(reader(source, file, "csv")));
  }

  @Test
  void aHeaderWithoutADeclaredColumnMakesTheFileUnreadable() throws IOException {
    Path file = folder.resolve("no-ratio.csv");
    Files.writeString(file, "date,delay,origin,cancelled\n2001-01-01T00:01:00,1,SFO,true\n");
    EventFileException unreadable =
        assertThrows(EventFileException.class, () -> readAll(reader(source, file, "csv")));
    assertEquals(
        file
            + " line 1: the header has no column 'ratio' of source 'events' (header: date,delay,origin,"
            + "cancelled; expected date,delay,ratio,origin,cancelled)",
        unreadable.getMessage());
  }

  @Test
  void aFileThatIsNotWhatItsNameSaysIsUnreadable() throws IOException {
    Path notGzip =
        Files.writeString(folder.resolve("events.csv.gz"), "date,delay,ratio,origin,cancelled\n");
    assertEquals(
        notGzip + ": cannot read: Not in GZIP format",
        assertThrows(EventFileException.class, () -> readAll(reader(source, notGzip, "csv")))
            .getMessage());
    Path notParquet = Files.writeString(folder.resolve("events.parquet"), "date,delay\n");
    assertTrue(
        assertThrows(EventFileException.class, () -> readAll(reader(source, notParquet, "parquet")))
            .getMessage()
            .startsWith(notParquet + ": cannot read: "));
  }

  @Test
  void reportsBadJsonLinesWithFileAndLine() throws IOException {
    Path file = folder.resolve("events.json");
    Files.writeString(
        file,
        """
        {"date": "2001-01-01T00:01:00Z", "delay": 1, "ratio": 0.5, "origin": "SFO", "cancelled": true}
        {"date": "2001-01-01T00:01:00Z", "delay": 1, "ratio": NaN, "origin": "SFO", "cancelled": true}
        {"date": "2001-01-01T00:01:00Z",
        """);
    List<ParseOutcome> outcomes = readAll(reader(source, file, "json"));
    assertInstanceOf(ParsedEvent.class, outcomes.get(0));
    assertEquals(
        file + " line 2: field 'ratio': expected a finite double, got NaN",
        ((RecordRejection) outcomes.get(1)).reason());
    assertTrue(
        ((RecordRejection) outcomes.get(2)).reason().startsWith(file + " line 3: not valid JSON"),
        outcomes.get(2).toString());
  }

  @Test
  void rejectsParquetNullsByRowAndRefusesIncompatibleColumns() throws IOException {
    List<Object[]> rows = rows(9, 5);
    rows.get(3)[1] = null;
    Path file = folder.resolve("nulls.parquet");
    TestFiles.parquet(
        file,
        "int64 date (TIMESTAMP(MILLIS,true))",
        (group, millis) -> group.append("date", millis),
        rows);
    List<ParseOutcome> outcomes = readAll(reader(source, file, "parquet"));
    assertEquals(new RecordRejection(file + " row 4: field 'delay': missing"), outcomes.get(3));
    assertEquals(4, outcomes.stream().filter(ParsedEvent.class::isInstance).count());

    Path strings = folder.resolve("string-dates.parquet");
    TestFiles.parquet(
        strings,
        "binary date (STRING)",
        (group, millis) -> group.append("date", "2001-01-01"),
        rows(1, 1));
    EventFileException unreadable =
        assertThrows(EventFileException.class, () -> readAll(reader(source, strings, "parquet")));
    assertEquals(
        strings
            + ": column 'date' is optional binary date (STRING) in the file, which cannot be read as "
            + "timestamp (see docs/sources.md for the Parquet types each column type accepts)",
        unreadable.getMessage());
  }

  @Test
  void aFolderIsItsVisibleFilesInNameOrder() throws IOException {
    List<Object[]> rows = rows(11, 30);
    Path data = Files.createDirectory(folder.resolve("data"));
    TestFiles.jsonLines(data.resolve("part-2.json"), source.schema(), rows.subList(20, 30));
    TestFiles.jsonLines(data.resolve("part-0.json.gz"), source.schema(), rows.subList(0, 10));
    TestFiles.jsonLines(data.resolve("part-1.json"), source.schema(), rows.subList(10, 20));
    Files.writeString(data.resolve("_SUCCESS"), "");
    Files.writeString(data.resolve(".part-1.json.crc"), "junk");
    assertEquals(expected(rows), events(readAll(reader(source, data, "json"))));
    EventFileException missing =
        assertThrows(
            EventFileException.class,
            () -> readAll(reader(source, folder.resolve("nowhere"), "json")));
    assertEquals(
        folder.resolve("nowhere") + ": no such file or folder (files of source 'events')",
        missing.getMessage());
  }
}
