package dev.tributary.core.records;

import static dev.tributary.core.records.TestSources.EVENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A rejection's kind is its problem without the record's values, so a batch summary counts the 30
 * lines with text in the delay column as one kind, whatever the text; the reason keeps the values
 * and gains where the record was found.
 */
class RejectionKindTest {
  private static final String[] NAMES = {"date", "delay", "ratio", "origin", "cancelled"};
  private final TextRowParser csv = new TextRowParser(EVENTS, TimestampRange.DEFAULT);
  private final RecordParser json = new RecordParser(EVENTS);

  private RecordRejection csvRejection(String field, String text) {
    String[] fields = {"2001-01-01T00:01:00", "5", "0.5", "SFO", "false"};
    for (int i = 0; i < NAMES.length; i++) {
      if (NAMES[i].equals(field)) {
        fields[i] = text;
      }
    }
    return (RecordRejection) csv.parse(fields);
  }

  @ParameterizedTest(name = "{0} = `{1}`: {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "delay|late|field 'delay': expected long",
        "delay|abc|field 'delay': expected long",
        "delay|`\u0007\u0000`|field 'delay': expected long",
        "delay|1.5|field 'delay': expected long, got a fraction",
        "delay|99999999999999999999|field 'delay': out of range for long",
        "delay|-9223372036854775809|field 'delay': out of range for long",
        "ratio|NaN|field 'ratio': expected a finite double",
        "ratio|1e999|field 'ratio': out of range for double",
        "ratio|x|field 'ratio': expected double",
        "cancelled|yes|field 'cancelled': expected boolean",
        "date|2001-02-30T10:00:00|field 'date': expected a timestamp",
        "date|01/01/2001|field 'date': expected a timestamp",
        "date|99999999999999999999|field 'date': expected a timestamp",
        "date|1969-12-31T23:59:59|field 'date': before the earliest accepted timestamp",
        "date|2100-01-01T00:00:00|field 'date': not before the end of accepted timestamps",
      })
  void csvValuesOfOneKindShareItWhateverTheValue(String field, String text, String kind) {
    RecordRejection rejection = csvRejection(field, text);
    assertEquals(kind, rejection.kind(), rejection.reason());
  }

  @Test
  void aMissingValueAndAComputedEventTimeAreTheirOwnKinds() {
    RecordRejection empty = csvRejection("origin", null);
    assertEquals("field 'origin': missing (empty)", empty.kind());
    assertEquals(empty.problem(), empty.kind());

    RecordRejection lateTimestamp = csvRejection("delay", "200000000000000");
    assertEquals(
        "event time '(date + minutes(delay))' cannot be computed",
        lateTimestamp.kind(),
        lateTimestamp.reason());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "`{\"date\":\"2001-01-01T00:01:00\",\"delay\":\"7\",\"ratio\":0.5,\"origin\":\"SFO\",\"cancelled\":false}`|field 'delay': expected long",
        "`{\"date\":\"2001-01-01T00:01:00\",\"delay\":7,\"ratio\":0.5,\"origin\":\"SFO\"}`|field 'cancelled': missing",
        "`[1, 2]`|expected a JSON object",
        "`{\"date\": `|not valid JSON",
        "`{} {}`|content after the JSON object",
      })
  void jsonRejectionsHaveKindsToo(String record, String kind) {
    assertEquals(kind, ((RecordRejection) json.parse(record)).kind());
  }

  @Test
  void whereGoesInFrontOfTheReasonAndTheKindStaysWithoutIt() {
    RecordRejection rejection = csvRejection("delay", "late");
    RecordRejection found =
        rejection.at(Provenance.fileLine("data/mixed.csv", 7), "2001-01-01T00:01:00,late,...");

    assertEquals(
        "data/mixed.csv line 7: field 'delay': expected long, got \"late\"", found.reason());
    assertEquals("field 'delay': expected long, got \"late\"", found.problem());
    assertEquals("field 'delay': expected long", found.kind());
    assertEquals("2001-01-01T00:01:00,late,...", found.payload());
    assertNull(rejection.payload());
    assertEquals(
        "Iceberg table raw.flights@12 file /w/d.parquet position 6: field 'delay': expected long, "
            + "got \"late\"",
        rejection.at(Provenance.tableRow("raw.flights", 12, "/w/d.parquet", 6)).reason());
  }

  @Test
  void rejectionsAreEqualWhenTheirReasonsReadTheSame() {
    RecordRejection found = csvRejection("delay", "late").at("f.csv line 2", "payload");
    assertEquals(
        new RecordRejection("f.csv line 2: field 'delay': expected long, got \"late\""), found);
    assertEquals(new RecordRejection(found.reason()).hashCode(), found.hashCode());
  }
}
