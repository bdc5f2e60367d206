package dev.tributary.flink.sourceinput;

import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.ViewSpec;
import java.io.Serializable;
import java.util.List;

/**
 * Which events a batch job must read so that every value as of a time in {@code [from, to)} is
 * exact: events before {@code to}, and back from {@code from} by the core's lookback rule ({@link
 * ViewSpec#lookbackMillis()}: the longest window plus its hop, or the TTL; every event for a
 * lifetime feature) plus the millisecond before {@code from} (a history row at {@code from} is a
 * change against the value at {@code from - 1}).
 *
 * @param fromInclusive the earliest event time to read, {@link Long#MIN_VALUE} for all
 * @param toExclusive events at or after this time cannot change a value as of a time before it
 */
public record ReadRange(long fromInclusive, long toExclusive) implements Serializable {

  /** The events to read for every value of {@code programs} as of a time in {@code [from, to)}. */
  public static ReadRange forValuesIn(List<ViewProgram> programs, long from, long to) {
    long lookback = 0;
    for (ViewProgram program : programs) {
      long viewLookback = program.spec().lookbackMillis();
      if (viewLookback == ViewSpec.UNBOUNDED) {
        return new ReadRange(Long.MIN_VALUE, to);
      }
      lookback = Math.max(lookback, viewLookback);
    }
    return new ReadRange(from - lookback - 1, to);
  }

  public boolean contains(long eventTime) {
    return eventTime >= fromInclusive && eventTime < toExclusive;
  }
}
