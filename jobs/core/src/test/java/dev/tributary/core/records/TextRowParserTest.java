package dev.tributary.core.records;

import static dev.tributary.core.records.TestSources.EVENTS;
import static dev.tributary.core.records.TestSources.NEW_YEAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CSV fields: the same coercions and rejections as JSON, from text. */
class TextRowParserTest {
  private static final String[] NAMES = {"date", "delay", "ratio", "origin", "cancelled"};
  private final TextRowParser parser = new TextRowParser(EVENTS, TimestampRange.DEFAULT);

  private static String[] fields(String field, String text) {
    String[] fields = {"2001-01-01T00:01:00", "5", "0.5", "SFO", "false"};
    for (int i = 0; i < NAMES.length; i++) {
      if (NAMES[i].equals(field)) {
        fields[i] = text;
      }
    }
    return fields;
  }

  @ParameterizedTest(name = "{0} = `{1}`: {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "delay|abc|field 'delay': expected long, got \"abc\"",
        "delay|1.5|field 'delay': expected long, got 1.5 (it has a fractional part)",
        "delay|` 12`|field 'delay': expected long, got \" 12\"",
        "delay|`12 `|field 'delay': expected long, got \"12 \"",
        "delay|0x10|field 'delay': expected long, got \"0x10\"",
        "delay|1-2|field 'delay': expected long, got \"1-2\"",
        "delay|9223372036854775808|field 'delay': 9223372036854775808 is out of range for long",
        "ratio|NaN|field 'ratio': expected a finite double, got NaN",
        "ratio|Infinity|field 'ratio': expected a finite double, got Infinity",
        "ratio|-Infinity|field 'ratio': expected a finite double, got -Infinity",
        "ratio|nan|field 'ratio': expected double, got \"nan\"",
        "ratio|1.5d|field 'ratio': expected double, got \"1.5d\"",
        "ratio|0x1p3|field 'ratio': expected double, got \"0x1p3\"",
        "ratio|1e999|field 'ratio': 1e999 is out of range for double",
        "cancelled|yes|field 'cancelled': expected boolean, got \"yes\"",
        "cancelled|1|field 'cancelled': expected boolean, got \"1\"",
        "date|01/01/2001|field 'date': expected a timestamp (ISO-8601 like 2001-01-01T00:01:00Z, or epoch milliseconds), got \"01/01/2001\"",
        "date|1969-12-31T23:59:59|field 'date': 1969-12-31T23:59:59Z is before 1970-01-01T00:00:00Z, the earliest accepted timestamp",
        "date|9999-12-31T00:00:00|field 'date': 9999-12-31T00:00:00Z is not before 2100-01-01T00:00:00Z, the end of accepted timestamps",
      })
  void rejectsAFieldNamingItAndWhatWasWrong(String field, String text, String reason) {
    assertEquals(
        reason,
        assertInstanceOf(RecordRejection.class, parser.parse(fields(field, text))).reason());
  }

  @ParameterizedTest(name = "empty {0}")
  @CsvSource({"date", "delay", "ratio", "origin", "cancelled"})
  void rejectsAnEmptyFieldAsMissing(String field) {
    assertEquals(
        "field '" + field + "': missing (empty)",
        assertInstanceOf(RecordRejection.class, parser.parse(fields(field, null))).reason());
  }

  @ParameterizedTest(name = "{0} = `{1}`")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "delay|+5|5",
        "delay|-13|-13",
        "delay|12.0|12",
        "delay|1e3|1000",
        "ratio|2|2.0",
        "ratio|-1.25E2|-125.0",
        "ratio|.5|0.5",
        "cancelled|TRUE|true",
        "cancelled|False|false",
        "origin|``|",
        "origin|` S F O `|` S F O `",
      })
  void acceptsTheSameCoercionsAsJson(String field, String text, String expected) {
    ParsedEvent event = assertInstanceOf(ParsedEvent.class, parser.parse(fields(field, text)));
    int index = java.util.Arrays.asList(NAMES).indexOf(field);
    assertEquals(expected == null ? "" : expected, String.valueOf(event.row()[index]));
  }

  @Test
  void computesTheEventTime() {
    assertEquals(
        new ParsedEvent(new Object[] {NEW_YEAR, -13L, 0.5, "ANC", false}, NEW_YEAR - 13 * 60_000),
        parser.parse(new String[] {"2001-01-01T00:01:00", "-13", "0.5", "ANC", "false"}));
  }

  @Test
  void aReaderThatSkipsConversionIsABugNotABadRecord() {
    RowValidator validator = new RowValidator(EVENTS, TimestampRange.DEFAULT);
    IllegalArgumentException bug =
        assertThrows(
            IllegalArgumentException.class,
            () -> validator.validate(new Object[] {NEW_YEAR, 5, 0.5, "SFO", false}));
    assertEquals(
        "column 'delay' of type long holds a java.lang.Integer: the reader must convert values before "
            + "validating",
        bug.getMessage());
  }
}
