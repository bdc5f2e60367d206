package dev.tributary.io.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The pacing arithmetic: event-time distance over speed, from the first event. */
class ReplayPaceTest {
  private static final long HOUR = 3_600_000L;
  private static final long SECOND_NANOS = 1_000_000_000L;

  @Test
  void anHourOfEventsTakesASecondAtSpeed3600() {
    ReplayPace pace = new ReplayPace(3600);
    long t0 = 978_307_260_000L;
    assertEquals(0, pace.nanosToWait(t0, 5_000));
    assertEquals(SECOND_NANOS, pace.nanosToWait(t0 + HOUR, 5_000));
    assertEquals(SECOND_NANOS / 2, pace.nanosToWait(t0 + HOUR, 5_000 + SECOND_NANOS / 2));
    assertEquals(10 * SECOND_NANOS - 5_000, pace.nanosToWait(t0 + 10 * HOUR, 10_000));
  }

  @Test
  void eventsAlreadyDueOrEarlierInEventTimeGoAtOnce() {
    ReplayPace pace = new ReplayPace(60);
    pace.nanosToWait(1_000_000, 0);
    assertEquals(0, pace.nanosToWait(1_000_000 + 60_000, 2 * SECOND_NANOS), "behind schedule");
    assertEquals(
        0, pace.nanosToWait(1_000_000 - 60_000, 0), "earlier in event time, as in file order");
  }

  @Test
  void speedOneIsRealTimeAndFractionalSpeedsSlowDown() {
    ReplayPace realTime = new ReplayPace(1);
    realTime.nanosToWait(0, 0);
    assertEquals(500_000, realTime.nanosToWait(1, 500_000));
    ReplayPace slow = new ReplayPace(0.5);
    slow.nanosToWait(0, 0);
    assertEquals(2 * SECOND_NANOS, slow.nanosToWait(1000, 0));
  }

  @Test
  void speedZeroNeverWaits() {
    ReplayPace unpaced = new ReplayPace(0);
    unpaced.nanosToWait(0, 0);
    assertEquals(0, unpaced.nanosToWait(100 * HOUR, 0));
  }

  @Test
  void rejectsNegativeAndNonFiniteSpeeds() {
    assertEquals(
        "speed must be a finite number >= 0 (0 = as fast as possible), got -1.0",
        assertThrows(IllegalArgumentException.class, () -> new ReplayPace(-1)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ReplayPace(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new ReplayPace(Double.POSITIVE_INFINITY));
  }
}
