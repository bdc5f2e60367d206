package dev.tributary.io.replay;

/**
 * When each event is due at a speed factor of event time: the first event is due at once, and an
 * event {@code d} ms of event time after it is due {@code d / speed} ms of wall time after that
 * ({@code speed 3600}: an hour of events a second). Events already due (behind schedule, or earlier
 * in event time, as in file order) are not delayed; the pace never tries to catch up by skipping.
 */
final class ReplayPace {
  private final double speed;
  private boolean started;
  private long firstEventTime;
  private long startNanos;

  /**
   * @param speed event-time milliseconds per wall-clock millisecond; {@code 0} for as fast as
   *     possible
   */
  ReplayPace(double speed) {
    if (!(speed >= 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException(
          "speed must be a finite number >= 0 (0 = as fast as possible), got " + speed);
    }
    this.speed = speed;
  }

  /** Nanoseconds to wait, from {@code nowNanos}, before sending an event of {@code eventTime}. */
  long nanosToWait(long eventTime, long nowNanos) {
    if (speed == 0) {
      return 0;
    }
    if (!started) {
      started = true;
      firstEventTime = eventTime;
      startNanos = nowNanos;
      return 0;
    }
    double dueNanos = startNanos + (eventTime - firstEventTime) * 1e6 / speed;
    return Math.max(0, (long) Math.ceil(dueNanos - nowNanos));
  }
}
