package dev.tributary.core.window;

import dev.tributary.core.agg.AggregateState;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * One feature's folded hop tiles in a streaming entity's state, ascending by bucket, in two arrays
 * used as a queue: new tiles come after the newest one, old ones leave from the oldest.
 *
 * <p>Why not a sorted map: compaction folds events in time order, and each compaction's events come
 * after every event folded before (they were not yet before the horizon then), so a new tile is the
 * newest (only a state restored with a longer allowed lateness can fold into an older bucket, which
 * is inserted in place). A {@code TreeMap} paid a tree walk to its first entry per feature on every
 * advance and a rebalancing per new tile, touching nodes spread over the heap; together they were
 * the largest part of the streaming operator's compaction.
 */
final class FoldedTiles {

  private long[] buckets = new long[4];
  private AggregateState[] states = new AggregateState[4];

  /** Index of the oldest tile; those before it were dropped. */
  private int start;

  private int end;

  int size() {
    return end - start;
  }

  /** The {@code i}-th oldest tile's bucket. */
  long bucket(int i) {
    return buckets[start + i];
  }

  /** The {@code i}-th oldest tile's state. */
  AggregateState state(int i) {
    return states[start + i];
  }

  /** The tile of {@code bucket}, a new one from {@code newTile} when there is none. */
  AggregateState tileFor(long bucket, Supplier<AggregateState> newTile) {
    if (end == start || buckets[end - 1] < bucket) {
      append(bucket, newTile.get());
      return states[end - 1];
    }
    int at = Arrays.binarySearch(buckets, start, end, bucket);
    if (at >= 0) {
      return states[at];
    }
    // Insert: the newest tile is appended again (which may move the arrays), the rest shifted.
    int olderTiles = -at - 1 - start;
    append(buckets[end - 1], states[end - 1]);
    at = start + olderTiles;
    System.arraycopy(buckets, at, buckets, at + 1, end - 2 - at);
    System.arraycopy(states, at, states, at + 1, end - 2 - at);
    buckets[at] = bucket;
    states[at] = newTile.get();
    return states[at];
  }

  /** Adds a tile newer than every tile (as {@link #tileFor} does; what a restore reads). */
  void append(long bucket, AggregateState state) {
    if (end == buckets.length) {
      int live = size();
      int capacity = live * 2 > buckets.length ? buckets.length * 2 : buckets.length;
      buckets = Arrays.copyOfRange(buckets, start, start + capacity);
      states = Arrays.copyOfRange(states, start, start + capacity);
      start = 0;
      end = live;
    }
    buckets[end] = bucket;
    states[end++] = state;
  }

  /** Drops the tiles of buckets before {@code firstKept}. */
  void dropBefore(long firstKept) {
    while (start < end && buckets[start] < firstKept) {
      states[start++] = null;
    }
  }

  /** An independent copy: every state copied. */
  FoldedTiles copy() {
    FoldedTiles copy = new FoldedTiles();
    for (int i = start; i < end; i++) {
      copy.append(buckets[i], states[i].copy());
    }
    return copy;
  }
}
