package dev.tributary.core.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WindowKeyTest {
  private static final long HOUR = 3_600_000L;

  @Test
  void aTimeCountsInItsUtcHourItsUtcDayAndSinceStart() {
    long time = 20_000 * 24 * HOUR + 5 * HOUR + 1234;
    assertEquals(
        List.of(
            new WindowKey(Granularity.HOUR, 20_000 * 24 * HOUR + 5 * HOUR),
            new WindowKey(Granularity.DAY, 20_000 * 24 * HOUR),
            new WindowKey(Granularity.SINCE_START, 0)),
        WindowKey.of(time));
    assertEquals(20_000 * 24 * HOUR + 6 * HOUR, WindowKey.of(time).get(0).end());
    assertEquals(Long.MAX_VALUE, WindowKey.of(time).get(2).end());
  }

  @Test
  void timesBeforeTheEpochFloorToTheirWindow() {
    assertEquals(-HOUR, Granularity.HOUR.startOf(-1));
    assertEquals(0, Granularity.HOUR.startOf(0));
    assertEquals(-HOUR, Granularity.HOUR.startOf(-HOUR));
  }
}
