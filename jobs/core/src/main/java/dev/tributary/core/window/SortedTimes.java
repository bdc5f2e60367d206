package dev.tributary.core.window;

import java.util.Arrays;

/**
 * Distinct times in ascending order, in one growable array: a streaming entity's candidate change
 * times (but TTL expiries, see {@link ExpiryTimes}), which every accepted event adds to and every
 * advance searches.
 *
 * <p>Why not a sorted array rebuilt per event: an entity keeps each tile's window end (for a 7-day
 * window of hourly hops, up to 168 future times), and an event's own {@code ts + 1} lands before
 * them. Merging into a new array per event copied the whole array twice; inserting here shifts only
 * the times after the first new one, once, with {@link System#arraycopy}. Times before a horizon
 * are dropped lazily, once they are half the array, so dropping is amortized O(1).
 */
final class SortedTimes {
  private long[] times;

  /** Index of the first live time: those before it were dropped. */
  private int start;

  private int end;

  SortedTimes(long[] sortedDistinct) {
    this.times = sortedDistinct.clone();
    this.end = times.length;
  }

  int size() {
    return end - start;
  }

  /** The {@code i}-th time, ascending. */
  long get(int i) {
    return times[start + i];
  }

  /** Index of the first time strictly after {@code t}. */
  int firstAfter(long t) {
    int low = start;
    int high = end;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (times[mid] <= t) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low - start;
  }

  /** The times of indexes {@code [from, to)}. */
  long[] copyOfRange(int from, int to) {
    return Arrays.copyOfRange(times, start + from, start + to);
  }

  /**
   * Adds {@code added} (ascending, distinct); times already present are kept once. The array is the
   * caller's scratch: its prefix is overwritten with the times not yet present (one event's few
   * times, on the hot path, need no second array).
   */
  void addAll(long[] added) {
    int count = 0;
    for (long time : added) {
      int at = firstAfter(time);
      if (at == 0 || get(at - 1) != time) {
        added[count++] = time;
      }
    }
    if (count == 0) {
      return;
    }
    if (end + count > times.length) {
      compactInto(Math.max(times.length * 2, size() + count));
    }
    // Merge from the back: each kept time moves right by the number of new times after it.
    int read = end - 1;
    int write = end + count - 1;
    for (int next = count - 1; next >= 0; next--) {
      long time = added[next];
      while (read >= start && times[read] > time) {
        times[write--] = times[read--];
      }
      times[write--] = time;
    }
    end += count;
  }

  /** The distinct times of two ascending, distinct arrays, ascending. */
  static long[] union(long[] first, long[] second) {
    if (second.length == 0) {
      return first;
    }
    long[] union = new long[first.length + second.length];
    int count = 0;
    int i = 0;
    int j = 0;
    while (i < first.length || j < second.length) {
      long next =
          j == second.length || (i < first.length && first[i] <= second[j])
              ? first[i++]
              : second[j++];
      if (count == 0 || union[count - 1] != next) {
        union[count++] = next;
      }
    }
    return Arrays.copyOf(union, count);
  }

  /** Drops the times at or before {@code horizon}: no search will start before it again. */
  void dropThrough(long horizon) {
    start += firstAfter(horizon);
    if (start > times.length / 2) {
      compactInto(times.length);
    }
  }

  private void compactInto(int capacity) {
    long[] moved = new long[capacity];
    System.arraycopy(times, start, moved, 0, size());
    end = size();
    start = 0;
    times = moved;
  }
}
