package dev.tributary.core.rejection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.records.RecordRejection;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --max-rejected N|P%}: what it accepts, and where the limit falls. */
class RejectionLimitTest {

  @Test
  void aCountAllowsUpToItself() {
    RejectionLimit limit = RejectionLimit.parse("110");
    assertEquals("110", limit.toString());
    assertTrue(limit.allows(110, 20_110));
    assertFalse(limit.allows(111, 20_110));
    assertTrue(RejectionLimit.parse("0").allows(0, 5));
    assertFalse(RejectionLimit.parse("0").allows(1, 1_000_000));
  }

  @Test
  void aShareAllowsUpToThatShareOfTheRecordsRead() {
    RejectionLimit limit = RejectionLimit.parse("1%");
    assertEquals(limit, RejectionLimit.DEFAULT);
    assertEquals("1%", limit.toString());
    // 1 % of 20,110 is 201.1
    assertTrue(limit.allows(201, 20_110));
    assertFalse(limit.allows(202, 20_110));
    assertTrue(limit.allows(100, 10_000), "exactly at the limit");
    assertFalse(limit.allows(101, 10_000));
    assertTrue(limit.allows(0, 0), "nothing read, nothing rejected");

    RejectionLimit half = RejectionLimit.parse(" 0.5 % ");
    assertEquals("0.5%", half.toString());
    assertTrue(half.allows(50, 10_000));
    assertFalse(half.allows(51, 10_000));
    assertTrue(RejectionLimit.parse("100%").allows(7, 7));
    assertFalse(RejectionLimit.parse("0%").allows(1, 1_000_000));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-1", "1.5", "abc", "101%", "-1%", "%", "1e3", "1%%"})
  void anythingElseIsRefusedSayingWhatIsAccepted(String text) {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> RejectionLimit.parse(text));
    assertTrue(
        refused.getMessage().startsWith("--max-rejected: expected a count"), refused.getMessage());
    assertTrue(refused.getMessage().endsWith("got '" + text + "'"), refused.getMessage());
  }

  @Test
  void theInputsOverTheLimitAreNamed() {
    RejectionTally tally = new RejectionTally();
    count(tally.input("events of flights"), 20_110, 110);
    count(tally.input("spine rows of flights"), 1_000, 900);
    assertEquals(
        Optional.of(
            "spine rows of flights: 900 of 1,000 records rejected (90.00 %), more than "
                + "--max-rejected 1%"),
        RejectionLimit.DEFAULT.exceededBy(tally));
    assertEquals(Optional.empty(), RejectionLimit.parse("90%").exceededBy(tally));
    assertEquals(
        Optional.of(
            "events of flights: 110 of 20,110 records rejected (0.55 %), more than --max-rejected"
                + " 100; spine rows of flights: 900 of 1,000 records rejected (90.00 %), more than"
                + " --max-rejected 100"),
        RejectionLimit.parse("100").exceededBy(tally));
  }

  static void count(InputTally input, int read, int rejected) {
    for (int i = 0; i < read; i++) {
      input.countRead();
      if (i < rejected) {
        input.countRejected(new RecordRejection("bad " + i, "bad"));
      } else {
        input.countUsed();
      }
    }
  }
}
