package dev.tributary.core.window;

import java.util.Arrays;
import java.util.List;

/**
 * The TTL expiries among a streaming entity's candidate change times, read off its retained events
 * instead of being stored: an entity whose newest event is {@code ts} expires at {@code ts + TTL +
 * 1}, so each retained event, and the newest folded one, gives a candidate.
 *
 * <p>Why not stored with the other candidates in {@link SortedTimes}: under an 8-day TTL the
 * expiries were most of the stored times (one per event of the last 8 days, all in the future), and
 * every event's {@code ts + 1}, landing before them, shifted them all along the array, the largest
 * part of taking an event. The events are kept sorted anyway, so the expiries in a range are a
 * binary search away. The candidates stay the same superset: a time evaluated where no value
 * changes emits no row.
 */
final class ExpiryTimes {

  private final boolean hasTtl;
  private final long ttlMillis;

  ExpiryTimes(ViewSpec view) {
    this.hasTtl = view.hasTtl();
    this.ttlMillis = view.ttlMillis();
  }

  /**
   * The first expiry after {@code t}, or Long.MAX_VALUE when none: of the newest folded event (when
   * {@code anyFolded}), which is older than every retained one, or of the first retained event
   * whose expiry is after t.
   */
  long firstAfter(long t, List<Event> sortedEvents, boolean anyFolded, long newestFolded) {
    if (!hasTtl) {
      return Long.MAX_VALUE;
    }
    if (anyFolded && expiryOf(newestFolded) > t) {
      return expiryOf(newestFolded);
    }
    int first = firstExpiringAfter(sortedEvents, t);
    return first == sortedEvents.size()
        ? Long.MAX_VALUE
        : expiryOf(sortedEvents.get(first).eventTimeMillis());
  }

  /** The distinct expiries in {@code (from, to]}, ascending. */
  long[] within(
      long from, long to, List<Event> sortedEvents, boolean anyFolded, long newestFolded) {
    if (!hasTtl) {
      return new long[0];
    }
    long[] times = new long[4];
    int count = 0;
    if (anyFolded && expiryOf(newestFolded) > from && expiryOf(newestFolded) <= to) {
      times[count++] = expiryOf(newestFolded);
    }
    for (int i = firstExpiringAfter(sortedEvents, from); i < sortedEvents.size(); i++) {
      long expiry = expiryOf(sortedEvents.get(i).eventTimeMillis());
      if (expiry > to) {
        break;
      }
      if (count == 0 || times[count - 1] != expiry) {
        if (count == times.length) {
          times = Arrays.copyOf(times, count * 2);
        }
        times[count++] = expiry;
      }
    }
    return Arrays.copyOf(times, count);
  }

  private long expiryOf(long eventTimeMillis) {
    return eventTimeMillis + ttlMillis + 1;
  }

  /**
   * Index of the first event whose expiry is after {@code t}: expiries ascend with the events. The
   * oldest retained event is checked first: a TTL is usually longer than the events retained, so
   * its expiry is after any t a sweep asks about, and the search touches no other event.
   */
  private int firstExpiringAfter(List<Event> sortedEvents, long t) {
    if (sortedEvents.isEmpty() || expiryOf(sortedEvents.get(0).eventTimeMillis()) > t) {
      return 0;
    }
    int low = 1;
    int high = sortedEvents.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (expiryOf(sortedEvents.get(mid).eventTimeMillis()) <= t) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
