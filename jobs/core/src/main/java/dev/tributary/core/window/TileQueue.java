package dev.tributary.core.window;

import dev.tributary.core.agg.AggregateState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A FIFO of closed hop tiles that yields the merge of all of them in amortized O(1) merges per
 * tile, for states that can be merged but not un-merged (min, max, sketches): the two-stack queue.
 *
 * <p>New tiles go on the back, whose running merge is kept. When the oldest tile must go and the
 * front is empty, the back is moved to the front, each front entry holding the merge of itself and
 * every newer front tile; popping the front then drops exactly its oldest tile. The merge of the
 * queue is the front top's suffix merged with the back's running merge.
 *
 * <p>An event that comes after newer tiles were queued is added in place ({@link #addLate}): to its
 * back tile and the back's running merge, or to its front tile and every older front entry (whose
 * suffix merges hold it). Only a front bucket without a tile cannot take one: no entry holds it.
 */
final class TileQueue {

  private record Tile(long bucket, AggregateState state) {}

  /** Newest at the end; tiles still individually needed for the next flip. */
  private final List<Tile> back = new ArrayList<>();

  /** Oldest at the end; each state is the merge of itself and all newer front tiles. */
  private final List<Tile> front = new ArrayList<>();

  private AggregateState backMerged;

  /** Appends a tile newer than every queued one; the queue takes ownership of the state. */
  void push(long bucket, AggregateState tile) {
    back.add(new Tile(bucket, tile));
    if (backMerged == null) {
      backMerged = tile.copy();
    } else {
      backMerged.merge(tile);
    }
  }

  /** Whether {@link #addLate} can take an event of {@code bucket}. */
  boolean canAddLate(long bucket) {
    return inBackRange(bucket) || frontIndexOf(bucket) >= 0;
  }

  /**
   * Adds one event to the tile of {@code bucket}, queued or not yet (a new tile then), keeping
   * every merge that holds the tile current; only when {@link #canAddLate} says so.
   */
  void addLate(long bucket, long eventTimeMillis, Object value, Supplier<AggregateState> newTile) {
    if (!inBackRange(bucket)) {
      int index = frontIndexOf(bucket);
      for (int i = index; i < front.size(); i++) {
        front.get(i).state().add(eventTimeMillis, value);
      }
      return;
    }
    int at = back.size();
    while (at > 0 && back.get(at - 1).bucket() > bucket) {
      at--;
    }
    if (at > 0 && back.get(at - 1).bucket() == bucket) {
      back.get(at - 1).state().add(eventTimeMillis, value);
    } else {
      back.add(at, new Tile(bucket, newTile.get()));
      back.get(at).state().add(eventTimeMillis, value);
    }
    if (backMerged == null) {
      backMerged = back.get(0).state().copy();
    } else {
      backMerged.add(eventTimeMillis, value);
    }
  }

  /** Newer than every front tile: its tile is, or would be, in the back. */
  private boolean inBackRange(long bucket) {
    return front.isEmpty() || bucket > front.get(0).bucket();
  }

  private int frontIndexOf(long bucket) {
    for (int i = 0; i < front.size(); i++) {
      if (front.get(i).bucket() == bucket) {
        return i;
      }
    }
    return -1;
  }

  /** Drops every tile whose bucket is below {@code firstBucket}; true when any was dropped. */
  boolean dropBefore(long firstBucket) {
    boolean dropped = false;
    while (true) {
      if (front.isEmpty()) {
        if (back.isEmpty() || back.get(0).bucket() >= firstBucket) {
          return dropped;
        }
        flip();
      }
      if (front.get(front.size() - 1).bucket() >= firstBucket) {
        return dropped;
      }
      front.remove(front.size() - 1);
      dropped = true;
    }
  }

  private void flip() {
    AggregateState newer = null;
    for (int i = back.size() - 1; i >= 0; i--) {
      Tile tile = back.get(i);
      // The tile's own state becomes its suffix merge: the tile alone is never needed again.
      if (newer != null) {
        tile.state().merge(newer);
      }
      newer = tile.state();
      front.add(tile);
    }
    back.clear();
    backMerged = null;
  }

  /**
   * A new state holding every queued tile merged with {@code head} (may be null), owned by the
   * caller, or null when there is nothing; the queue is unchanged.
   */
  AggregateState mergedWith(AggregateState head) {
    AggregateState frontMerged = front.isEmpty() ? null : front.get(front.size() - 1).state();
    AggregateState merged = null;
    for (AggregateState part : new AggregateState[] {frontMerged, backMerged, head}) {
      if (part != null) {
        if (merged == null) {
          merged = part.copy();
        } else {
          merged.merge(part);
        }
      }
    }
    return merged;
  }
}
