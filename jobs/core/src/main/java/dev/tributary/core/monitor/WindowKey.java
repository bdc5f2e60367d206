package dev.tributary.core.monitor;

import java.io.Serializable;
import java.util.List;

/**
 * One monitoring window: an hour, a day (both {@code [start, start + length)} in UTC ms), or the
 * window since the job started (start 0).
 */
public record WindowKey(Granularity granularity, long start) implements Serializable {

  /** The three windows an observation at {@code time} counts in: its hour, its day, since start. */
  public static List<WindowKey> of(long time) {
    return List.of(
        new WindowKey(Granularity.HOUR, Granularity.HOUR.startOf(time)),
        new WindowKey(Granularity.DAY, Granularity.DAY.startOf(time)),
        new WindowKey(Granularity.SINCE_START, 0L));
  }

  /** The first time after the window (exclusive end); {@link Long#MAX_VALUE} since start. */
  public long end() {
    return granularity == Granularity.SINCE_START ? Long.MAX_VALUE : start + granularity.millis();
  }
}
