package dev.tributary.flink.sourceinput;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.view.ViewProgram;
import java.io.Serializable;
import java.util.List;

/**
 * Which events a batch job must read so that every value as of a time in {@code [from, to)} is
 * exact: events before {@code to}, and back from {@code from} far enough for the longest window (W
 * + H, the tail is hop-aligned), the TTL (whether the newest event is older than t - TTL) and the
 * millisecond before {@code from} (a history row at {@code from} is a change against the value at
 * {@code from - 1}). A lifetime feature needs every event since the beginning.
 *
 * @param fromInclusive the earliest event time to read, {@link Long#MIN_VALUE} for all
 * @param toExclusive events at or after this time cannot change a value as of a time before it
 */
public record ReadRange(long fromInclusive, long toExclusive) implements Serializable {

  public static ReadRange forValuesIn(List<ViewProgram> programs, long from, long to) {
    long lookback = 0;
    for (ViewProgram program : programs) {
      for (AggregateSpec feature : program.spec().features()) {
        if (feature.isLifetime()) {
          return new ReadRange(Long.MIN_VALUE, to);
        }
        lookback = Math.max(lookback, feature.windowMillis() + feature.hopMillis());
      }
      lookback = Math.max(lookback, program.spec().ttlMillis());
    }
    return new ReadRange(from - lookback - 1, to);
  }

  public boolean contains(long eventTime) {
    return eventTime >= fromInclusive && eventTime < toExclusive;
  }
}
