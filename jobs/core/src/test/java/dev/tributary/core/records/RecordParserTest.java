package dev.tributary.core.records;

import static dev.tributary.core.records.TestSources.EVENTS;
import static dev.tributary.core.records.TestSources.NEW_YEAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every reason a JSON record is rejected, and every coercion it is accepted with. */
class RecordParserTest {
  private static final String GOOD_DATE = "\"2001-01-01T00:01:00Z\"";
  private final RecordParser parser = new RecordParser(EVENTS);

  /** A record of every column, with one field's JSON text replaced (or removed when null). */
  private static String record(String field, String json) {
    StringBuilder out = new StringBuilder("{");
    String[][] fields = {
      {"date", GOOD_DATE},
      {"delay", "5"},
      {"ratio", "0.5"},
      {"origin", "\"SFO\""},
      {"cancelled", "false"}
    };
    for (String[] f : fields) {
      String value = f[0].equals(field) ? json : f[1];
      if (value != null) {
        out.append(out.length() > 1 ? "," : "")
            .append('"')
            .append(f[0])
            .append("\":")
            .append(value);
      }
    }
    return out.append('}').toString();
  }

  private String rejection(String text) {
    ParseOutcome outcome = parser.parse(text);
    return assertInstanceOf(RecordRejection.class, outcome, text).reason();
  }

  private ParsedEvent accepted(String text) {
    return assertInstanceOf(ParsedEvent.class, parser.parse(text), text);
  }

  @ParameterizedTest(name = "{0} = {1}: {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "delay|`\"abc\"`|field 'delay': expected long, got \"abc\"",
        "delay|`\"12\"`|field 'delay': expected long, got \"12\"",
        "delay|1.5|field 'delay': expected long, got 1.5 (it has a fractional part)",
        "delay|9223372036854775808|field 'delay': 9223372036854775808 is out of range for long",
        "delay|-1e19|field 'delay': -1e19 is out of range for long",
        "delay|true|field 'delay': expected long, got true",
        "delay|{\"minutes\":5}|field 'delay': expected long, got an object",
        "delay|[5]|field 'delay': expected long, got an array",
        "delay|NaN|field 'delay': expected long, got \"NaN\"",
        "delay|null|field 'delay': missing (null)",
        "ratio|NaN|field 'ratio': expected a finite double, got NaN",
        "ratio|Infinity|field 'ratio': expected a finite double, got Infinity",
        "ratio|-Infinity|field 'ratio': expected a finite double, got -Infinity",
        "ratio|1e400|field 'ratio': 1e400 is out of range for double",
        "ratio|`\"0.5\"`|field 'ratio': expected double, got \"0.5\"",
        "origin|12|field 'origin': expected string, got 12",
        "origin|null|field 'origin': missing (null)",
        "cancelled|`\"true\"`|field 'cancelled': expected boolean, got \"true\"",
        "cancelled|1|field 'cancelled': expected boolean, got 1",
        "date|`\"yesterday\"`|field 'date': expected a timestamp (ISO-8601 like 2001-01-01T00:01:00Z, or epoch milliseconds), got \"yesterday\"",
        "date|`\"2001-02-30T00:00:00\"`|field 'date': expected a timestamp (ISO-8601 like 2001-01-01T00:01:00Z, or epoch milliseconds), got \"2001-02-30T00:00:00\"",
        "date|1.5|field 'date': expected a timestamp (ISO-8601 like 2001-01-01T00:01:00Z, or epoch milliseconds), got \"1.5\"",
        "date|99999999999999999999|field 'date': 99999999999999999999 is out of range for epoch milliseconds",
        "date|true|field 'date': expected timestamp, got true",
        "date|`\"1969-12-31T23:59:59Z\"`|field 'date': 1969-12-31T23:59:59Z is before 1970-01-01T00:00:00Z, the earliest accepted timestamp",
        "date|-1|field 'date': 1969-12-31T23:59:59.999Z is before 1970-01-01T00:00:00Z, the earliest accepted timestamp",
        "date|`\"2100-01-01T00:00:00Z\"`|field 'date': 2100-01-01T00:00:00Z is not before 2100-01-01T00:00:00Z, the end of accepted timestamps",
        "date|4102444800000|field 'date': 2100-01-01T00:00:00Z is not before 2100-01-01T00:00:00Z, the end of accepted timestamps",
      })
  void rejectsAFieldNamingItAndWhatWasWrong(String field, String json, String reason) {
    assertEquals(reason, rejection(record(field, json)));
  }

  @ParameterizedTest(name = "without {0}")
  @CsvSource({"date", "delay", "ratio", "origin", "cancelled"})
  void rejectsAMissingField(String field) {
    assertEquals("field '" + field + "': missing", rejection(record(field, null)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``|empty record: expected a JSON object",
        "`   `|empty record: expected a JSON object",
        "[1, 2]|expected a JSON object, got an array",
        "`\"flight\"`|expected a JSON object, got \"flight\"",
        "42|expected a JSON object, got 42",
        "null|expected a JSON object, got null",
      })
  void rejectsWhatIsNotOneObject(String text, String reason) {
    assertEquals(reason, rejection(text));
  }

  @Test
  void rejectsBrokenJsonWithItsPosition() {
    String reason = rejection("{\"date\": \"2001-01-01T00:01:00Z\", \"delay\": 5,");
    assertTrue(reason.startsWith("not valid JSON (line 1, column "), reason);
    assertTrue(
        rejection("date=2001-01-01").startsWith("not valid JSON (line 1, column "),
        "unquoted text");
    assertTrue(
        rejection("{\"origin\": \"SFO}").startsWith("not valid JSON"), "unterminated string");
  }

  @Test
  void rejectsContentAfterTheObject() {
    assertEquals("content after the JSON object: an object", rejection(record(null, null) + " {}"));
    assertEquals("content after the JSON object: 1", rejection(record(null, null) + "1"));
  }

  @Test
  void rejectsAFieldGivenTwice() {
    assertEquals(
        "field 'delay': appears more than once",
        rejection(record(null, null).replace("}", ",\"delay\":6}")));
  }

  @Test
  void rejectsAnEventTimeThatOverflows() {
    String reason = rejection(record("delay", "9223372036854775807"));
    assertTrue(
        reason.startsWith("event time '(date + minutes(delay))' cannot be computed: long overflow"),
        reason);
  }

  @Test
  void rejectsAnImplausibleEventTimeOfPlausibleFields() {
    assertEquals(
        "event time '(date + minutes(delay))': 2100-01-01T00:09:00Z is not before 2100-01-01T00:00:00Z, "
            + "the end of accepted timestamps",
        rejection(
            record("date", "\"2099-12-31T23:59:00Z\"").replace("\"delay\":5", "\"delay\":10")));
    assertEquals(
        "event time '(date + minutes(delay))': 1969-12-31T23:59:00Z is before 1970-01-01T00:00:00Z, "
            + "the earliest accepted timestamp",
        rejection(record("date", "0").replace("\"delay\":5", "\"delay\":-1")));
  }

  @Test
  void aConfiguredRangeMovesTheBounds() {
    RecordParser recent =
        new RecordParser(
            EVENTS,
            new TimestampRange(
                Instant.parse("2000-01-01T00:00:00Z").toEpochMilli(),
                Instant.parse("2002-01-01T00:00:00Z").toEpochMilli()));
    assertInstanceOf(ParsedEvent.class, recent.parse(record(null, null)));
    assertEquals(
        "field 'date': 1999-12-31T23:59:59Z is before 2000-01-01T00:00:00Z, the earliest accepted timestamp",
        ((RecordRejection) recent.parse(record("date", "\"1999-12-31T23:59:59Z\""))).reason());
  }

  @Test
  void cutsLongValuesShortInReasons() {
    String reason = rejection(record("delay", "\"" + "9".repeat(30) + "x".repeat(30) + "\""));
    assertEquals(
        "field 'delay': expected long, got \""
            + "9".repeat(30)
            + "x".repeat(10)
            + "\"... (60 characters)",
        reason);
    assertEquals(
        "field 'delay': expected long, got \"a\\\"b\\nc\"",
        rejection(record("delay", "\"a\\\"b\\nc\"")));
  }

  @ParameterizedTest(name = "delay {0} = {1}")
  @CsvSource({
    "12, 12",
    "-3, -3",
    "12.0, 12",
    "1e3, 1000",
    "1.5e1, 15",
    "-0, 0",
    "-0.0, 0",
    "9223372036854775807, 9223372036854775807"
  })
  void acceptsIntegralNumbersForALong(String json, long expected) {
    RecordParser timedByDate = new RecordParser(TestSources.timedBy("date"));
    ParsedEvent event =
        assertInstanceOf(ParsedEvent.class, timedByDate.parse(record("delay", json)));
    assertEquals(expected, event.row()[1]);
  }

  @ParameterizedTest(name = "ratio {0} = {1}")
  @CsvSource({"1, 1.0", "0.5, 0.5", "-2.5e-3, -0.0025", "1E2, 100.0", "1e-400, 0.0", "-0.0, -0.0"})
  void acceptsNumbersForADouble(String json, double expected) {
    assertEquals(expected, accepted(record("ratio", json)).row()[2]);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "`\"2001-01-01T00:01:00\"`|2001-01-01T00:01:00Z",
        "`\"2001-01-01T00:01:00Z\"`|2001-01-01T00:01:00Z",
        "`\"2001-01-01T00:01\"`|2001-01-01T00:01:00Z",
        "`\"2001-01-01T02:01:00+02:00\"`|2001-01-01T00:01:00Z",
        "`\"2000-12-31T19:01:00-05:00\"`|2001-01-01T00:01:00Z",
        "`\"2001-01-01 00:01:00\"`|2001-01-01T00:01:00Z",
        "`\"2001-01-01T00:01:00.123\"`|2001-01-01T00:01:00.123Z",
        "`\"2001-01-01T00:01:00.123999999Z\"`|2001-01-01T00:01:00.123Z",
        "`\"2001-01-01\"`|2001-01-01T00:00:00Z",
        "978307260000|2001-01-01T00:01:00Z",
        "`\"978307260000\"`|2001-01-01T00:01:00Z",
        "0|1970-01-01T00:00:00Z",
      })
  void acceptsEpochMillisAndIsoTextForATimestamp(String json, String expected) {
    ParsedEvent event = accepted(record("date", json));
    long millis = Instant.parse(expected).toEpochMilli();
    assertEquals(millis, event.row()[0]);
    assertEquals(millis + 5 * 60_000, event.eventTime());
  }

  @Test
  void acceptsAnyStringAndBothBooleans() {
    assertEquals("", accepted(record("origin", "\"\"")).row()[3]);
    assertEquals(
        "Zürich \"Kloten\" \uD83D\uDEEB",
        accepted(record("origin", "\"Z\\u00fcrich \\\"Kloten\\\" \uD83D\uDEEB\"")).row()[3]);
    assertEquals(true, accepted(record("cancelled", "true")).row()[4]);
    assertEquals(false, accepted(record("cancelled", "false")).row()[4]);
  }

  @Test
  void ignoresUndeclaredFieldsWhateverTheyHoldAndAcceptsAnyFieldOrder() {
    String text =
        "{\"extra\": {\"nested\": [1, {\"date\": 0}]}, \"cancelled\": true, \"origin\": \"SFO\", \"ratio\": 2,"
            + " \"other\": null, \"delay\": -4, \"date\": \"2001-01-01T00:01:00\"}";
    ParsedEvent event = accepted(text);
    assertEquals(
        new ParsedEvent(new Object[] {NEW_YEAR, -4L, 2.0, "SFO", true}, NEW_YEAR - 4 * 60_000),
        event);
  }

  @Test
  void parsesUtf8BytesLikeText() {
    String text = record("origin", "\"Zürich\"");
    assertEquals(parser.parse(text), parser.parse(text.getBytes(StandardCharsets.UTF_8)));
    assertEquals(
        parser.parse("{\"delay\": \"x\"}"),
        parser.parse("{\"delay\": \"x\"}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void survivesJavaSerializationAsAFlinkOperatorFieldDoes() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(parser);
    }
    RecordParser copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (RecordParser) in.readObject();
    }
    for (String text :
        new String[] {
          record(null, null), record("ratio", "NaN"), record("delay", "\"abc\""), "{"
        }) {
      assertEquals(parser.parse(text), copy.parse(text), text);
    }
  }
}
