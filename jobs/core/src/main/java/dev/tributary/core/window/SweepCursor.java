package dev.tributary.core.window;

import java.util.List;

/**
 * A {@link ViewSweep} that remembers how far it has gone, so that a later query can continue it
 * instead of rebuilding it: the sweep has been fed exactly the events with {@code ts < position()}
 * (of the sorted list it is queried with, plus whatever it was built from), and was last queried at
 * {@code position()}.
 *
 * <p>Why: a streaming entity is asked for its values again and again at later times. Rebuilding the
 * sweep each time re-merges every tile in its windows (up to W/H per feature: 168 for a 7-day
 * window of hourly hops, costly for sketches); continuing it costs only the events and tile drops
 * since the last query, amortized O(1) merges per tile through the two-stack {@link TileQueue}.
 *
 * <p>The owner must stop using a cursor when the events before its position change: an event with
 * {@code ts < position()} arriving that {@link #takeLate} refuses. Before events at or after its
 * position leave the list, it is fed them ({@link #feedTo}).
 */
final class SweepCursor {

  private final ViewSweep sweep;
  private long position = Long.MIN_VALUE;

  /** Where the last query stopped in the list it was given: checked, then tried first. */
  private int nextIndexHint;

  SweepCursor(ViewSweep sweep) {
    this.sweep = sweep;
  }

  /**
   * Every event with {@code ts} below this was fed; queries from here on may continue the sweep.
   */
  long position() {
    return position;
  }

  /**
   * Whether the values as of {@code t} can come from this cursor: the sweep has not gone past t.
   */
  boolean reaches(long t) {
    return t >= position;
  }

  /**
   * Feeds an event with {@code ts < position()} that has just joined the owner's list (events from
   * several partitions arrive out of order, in a replay by up to hours of event time), adding it
   * into the tiles it belongs to ({@link ViewSweep#addLate}). False when a window cannot: the
   * cursor must then be dropped. Why: rebuilding a cursor re-merges every tile of its windows,
   * which was the largest cost of keeping online values current.
   */
  boolean takeLate(Event event) {
    if (event.eventTimeMillis() >= position) {
      throw new IllegalArgumentException(
          "event at " + event.eventTimeMillis() + " is not behind the sweep at " + position);
    }
    return sweep.addLate(event);
  }

  /**
   * The values as of {@code t >= position()}, after feeding the events of {@code sortedEvents} with
   * {@code position() <= ts < t}; moves the position to t.
   */
  Object[] valuesAt(long t, List<Event> sortedEvents) {
    if (!reaches(t)) {
      throw new IllegalStateException("the sweep is at " + position + ", past the query time " + t);
    }
    feedTo(t, sortedEvents);
    return sweep.valuesAt(t);
  }

  /**
   * Feeds the events of {@code sortedEvents} with {@code position() <= ts < t} and moves the
   * position to t, without evaluating: what the owner does before removing those events from its
   * list, so the cursor goes on instead of being rebuilt from tiles. No-op when {@code t <=
   * position()}.
   */
  void feedTo(long t, List<Event> sortedEvents) {
    if (t <= position) {
      return;
    }
    int next = startOf(sortedEvents);
    while (next < sortedEvents.size() && sortedEvents.get(next).eventTimeMillis() < t) {
      sweep.add(sortedEvents.get(next++));
    }
    nextIndexHint = next;
    position = t;
  }

  /**
   * Index of the first event with {@code ts >= position}: the hint when still right (a sweep's
   * usual case).
   */
  private int startOf(List<Event> events) {
    int hint = nextIndexHint;
    boolean hintRight =
        hint <= events.size()
            && (hint == events.size() || events.get(hint).eventTimeMillis() >= position)
            && (hint == 0 || events.get(hint - 1).eventTimeMillis() < position);
    return hintRight ? hint : firstAtOrAfter(events, position);
  }

  /** Index of the first event with {@code ts >= t} in events ascending by time. */
  private static int firstAtOrAfter(List<Event> events, long t) {
    int low = 0;
    int high = events.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (events.get(mid).eventTimeMillis() < t) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
