package dev.tributary.io.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.RecordParser;
import dev.tributary.core.records.RecordRejection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A bad value rejects its record with the same reason from a CSV file, a JSON-lines file and a
 * Kafka message, so dead letters of the stream and of a backfill read alike.
 */
class SameRejectionsEverywhereTest {
  private static final String[] COLUMNS = {"date", "delay", "ratio", "origin", "cancelled"};
  private static final String[] GOOD_CSV = {"2001-01-01T00:01:00", "5", "0.5", "SFO", "false"};
  private static final String[] GOOD_JSON = {
    "\"2001-01-01T00:01:00\"", "5", "0.5", "\"SFO\"", "false"
  };

  @TempDir Path folder;

  private final Source source = InputFixtures.allTypes();

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "delay|abc|`\"abc\"`|field 'delay': expected long, got \"abc\"",
        "delay|1.5|1.5|field 'delay': expected long, got 1.5 (it has a fractional part)",
        "delay|9223372036854775808|9223372036854775808|field 'delay': 9223372036854775808 is out of range for long",
        "delay|9223372036854775807|9223372036854775807|event time '(date + minutes(delay))' cannot be computed: long overflow in minutes(9223372036854775807)",
        "ratio|NaN|NaN|field 'ratio': expected a finite double, got NaN",
        "ratio|-Infinity|-Infinity|field 'ratio': expected a finite double, got -Infinity",
        "ratio|1e400|1e400|field 'ratio': 1e400 is out of range for double",
        "cancelled|yes|`\"yes\"`|field 'cancelled': expected boolean, got \"yes\"",
        "date|yesterday|`\"yesterday\"`|field 'date': expected a timestamp (ISO-8601 like 2001-01-01T00:01:00Z, or epoch milliseconds), got \"yesterday\"",
        "date|1969-12-31T23:59:59Z|`\"1969-12-31T23:59:59Z\"`|field 'date': 1969-12-31T23:59:59Z is before 1970-01-01T00:00:00Z, the earliest accepted timestamp",
        "date|4102444800000|4102444800000|field 'date': 2100-01-01T00:00:00Z is not before 2100-01-01T00:00:00Z, the end of accepted timestamps",
      })
  void csvJsonLinesAndKafkaJsonGiveTheSameReason(
      String column, String csvText, String jsonText, String reason) throws IOException {
    int index = List.of(COLUMNS).indexOf(column);
    String[] csv = GOOD_CSV.clone();
    csv[index] = csvText;
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < COLUMNS.length; i++) {
      json.append(i == 0 ? "" : ",")
          .append('"')
          .append(COLUMNS[i])
          .append("\":")
          .append(i == index ? jsonText : GOOD_JSON[i]);
    }
    String record = json.append('}').toString();
    Path csvFile =
        Files.writeString(
            folder.resolve("events.csv"),
            String.join(",", COLUMNS) + "\n" + String.join(",", csv) + "\n");
    Path jsonFile = Files.writeString(folder.resolve("events.json"), record + "\n");

    assertEquals(
        reason, ((RecordRejection) new RecordParser(source).parse(record)).reason(), "Kafka JSON");
    assertEquals(
        csvFile + " line 2: " + reason,
        reasonOf(InputFixtures.reader(source, csvFile, "csv")),
        "CSV");
    assertEquals(
        jsonFile + " line 1: " + reason,
        reasonOf(InputFixtures.reader(source, jsonFile, "json")),
        "JSON lines");
  }

  private static String reasonOf(EventFileReader reader) {
    List<ParseOutcome> outcomes = InputFixtures.readAll(reader);
    assertEquals(1, outcomes.size());
    return ((RecordRejection) outcomes.get(0)).reason();
  }
}
