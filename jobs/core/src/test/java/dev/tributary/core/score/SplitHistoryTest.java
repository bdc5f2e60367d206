package dev.tributary.core.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SplitHistoryTest {
  private static TrafficSplit split(String id, long from, int one, int two) {
    return new TrafficSplit(id, from, new TreeMap<>(Map.of(1L, one, 2L, two)));
  }

  @Test
  void theSplitInForceIsTheLatestEffectiveAtOrBeforeTheTime() {
    SplitHistory history =
        SplitHistory.startingWith(split("live#0", 0, 90, 10))
            .with(split("live#2", 2_000, 10, 90))
            .with(split("live#1", 1_000, 50, 50));
    assertEquals("live#0", history.at(Long.MIN_VALUE).id());
    assertEquals("live#0", history.at(999).id());
    assertEquals("live#1", history.at(1_000).id());
    assertEquals("live#1", history.at(1_999).id());
    assertEquals("live#2", history.at(2_000).id());
    assertEquals("live#2", history.at(Long.MAX_VALUE).id());
  }

  @Test
  void aReplayedSplitChangesNothingAndALaterOneAtTheSameTimeWins() {
    SplitHistory history = SplitHistory.startingWith(split("live#0", 0, 90, 10));
    SplitHistory one = history.with(split("live#1", 1_000, 50, 50));
    assertSame(one, one.with(split("live#1", 1_000, 50, 50)));
    SplitHistory corrected = one.with(split("live#2", 1_000, 60, 40));
    assertEquals("live#2", corrected.at(1_000).id());
  }

  @Test
  void controlRecordsRoundTrip() {
    SplitMessage message =
        new SplitMessage(
            "flight_delay_live", split("flight_delay_live#3", 979_603_200_000L, 50, 50));
    assertEquals(
        "{\"scoring\":\"flight_delay_live\",\"id\":\"flight_delay_live#3\",\"effective_from\":979603200000,\"weights\":{\"1\":50,\"2\":50}}",
        new String(message.toJson(), java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(message, SplitMessage.fromJson(message.toJson()));
  }
}
