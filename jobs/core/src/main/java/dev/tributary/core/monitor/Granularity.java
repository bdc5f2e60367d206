package dev.tributary.core.monitor;

/**
 * How monitoring windows tumble: hourly and daily windows aligned to UTC, and one window since the
 * job started that never closes.
 */
public enum Granularity {
  HOUR(3_600_000L),
  DAY(86_400_000L),
  SINCE_START(0L);

  private final long millis;

  Granularity(long millis) {
    this.millis = millis;
  }

  /** Length of a window in milliseconds; 0 for the window since start, which has no end. */
  public long millis() {
    return millis;
  }

  /** Start of the window holding {@code time} (UTC ms); 0 for the window since start. */
  public long startOf(long time) {
    return millis == 0 ? 0L : Math.floorDiv(time, millis) * millis;
  }
}
