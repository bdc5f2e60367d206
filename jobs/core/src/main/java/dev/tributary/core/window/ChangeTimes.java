package dev.tributary.core.window;

import dev.tributary.core.agg.AggregateSpec;
import java.util.Arrays;

/**
 * The times at which a view's values can change, collected before a sweep evaluates them.
 *
 * <ul>
 *   <li>an event at {@code ts} takes effect at {@code ts + 1} (the head is exclusive);
 *   <li>the hop tile {@code b} of a windowed feature leaves the window when the window start {@code
 *       floor((t - W) / H) * H} passes it, at {@code t = (b + 1) * H + W};
 *   <li>under a TTL, an entity whose newest event is {@code ts} expires at {@code ts + TTL + 1}.
 * </ul>
 */
final class ChangeTimes {

  private final ViewSpec view;
  private long[] times = new long[16];
  private int size;

  ChangeTimes(ViewSpec view) {
    this.view = view;
  }

  void addEvent(Event event) {
    addEffectAndTileEnds(event);
    addNewest(event.eventTimeMillis());
  }

  /**
   * An event's times but its TTL expiry: {@code ts + 1} and the window ends of its tiles (a
   * streaming entity derives expiries from its events, see {@link ExpiryTimes}).
   */
  void addEffectAndTileEnds(Event event) {
    long ts = event.eventTimeMillis();
    add(ts + 1);
    Object[] inputs = event.inputs();
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i] != null && !view.feature(i).isLifetime()) {
        addTile(i, Math.floorDiv(ts, view.feature(i).hopMillis()));
      }
    }
  }

  /** A non-empty hop tile of windowed feature {@code feature}. */
  void addTile(int feature, long bucket) {
    AggregateSpec spec = view.feature(feature);
    add((bucket + 1) * spec.hopMillis() + spec.windowMillis());
  }

  /** An event that may be the newest one, for TTL expiry. */
  private void addNewest(long ts) {
    if (view.hasTtl()) {
      add(ts + view.ttlMillis() + 1);
    }
  }

  private void add(long time) {
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
    }
    times[size++] = time;
  }

  /** The distinct collected times in {@code (fromExclusive, toInclusive]}, ascending. */
  long[] sortedWithin(long fromExclusive, long toInclusive) {
    long[] sorted = Arrays.copyOf(times, size);
    Arrays.sort(sorted);
    int count = 0;
    for (long time : sorted) {
      if (time > fromExclusive
          && time <= toInclusive
          && (count == 0 || sorted[count - 1] != time)) {
        sorted[count++] = time;
      }
    }
    return Arrays.copyOf(sorted, count);
  }
}
