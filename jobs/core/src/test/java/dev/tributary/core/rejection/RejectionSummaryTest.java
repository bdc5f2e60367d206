package dev.tributary.core.rejection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.core.records.RecordRejection;
import org.junit.jupiter.api.Test;

/** The summary a batch command ends with, line by line. */
class RejectionSummaryTest {

  @Test
  void eachInputWithItsCountsAndKindsAndWhereTheRejectedRecordsAre() {
    RejectionTally tally = new RejectionTally();
    InputTally events = tally.input("events of flights");
    for (int i = 0; i < 20_110; i++) {
      events.countRead();
      if (i % 1000 == 7 && i < 14_000) {
        events.countRejected(
            new RecordRejection(
                    "field 'delay': expected long, got \"late\"", "field 'delay': expected long")
                .at("mixed.csv line " + (i + 2)));
      } else if (i == 9_000) {
        events.countRejected(
            new RecordRejection("expected 5 fields as in the header, got 4")
                .at("mixed.csv line 9002"));
      } else if (i < 20_000) {
        events.countUsed();
      }
    }
    InputTally spine = tally.input("spine rows of flights");
    spine.countRead();
    spine.countUsed();

    assertEquals(
        String.join(
            System.lineSeparator(),
            "events of flights: 20,110 records read: 19,985 used, 110 not needed, 15 rejected (0.07 %)",
            "         14  field 'delay': expected long",
            "             first: mixed.csv line 9: field 'delay': expected long, got \"late\"",
            "          1  expected 5 fields as in the header, got 4",
            "             first: mixed.csv line 9002: expected 5 fields as in the header, got 4",
            "spine rows of flights: 1 records read: 1 used, 0 not needed, 0 rejected (0 %)",
            "rejected records: ops.dead_letters where job_id = 'j'"),
        RejectionSummary.render(tally, "ops.dead_letters where job_id = 'j'"));
  }

  @Test
  void withNothingRejectedItSaysSo() {
    RejectionTally tally = new RejectionTally();
    tally.input("events of flights").countRead();
    assertEquals(
        "events of flights: 1 records read: 0 used, 1 not needed, 0 rejected (0 %)"
            + System.lineSeparator()
            + "no record rejected",
        RejectionSummary.render(tally, "anywhere"));
  }

  @Test
  void sharesAreShownToTwoDecimals() {
    assertEquals("0 %", RejectionSummary.percent(0));
    assertEquals("< 0.01 %", RejectionSummary.percent(0.004));
    assertEquals("0.55 %", RejectionSummary.percent(110 * 100.0 / 20_110));
    assertEquals("100.00 %", RejectionSummary.percent(100));
  }
}
