package dev.tributary.core.window;

import dev.tributary.core.agg.AggregateState;
import java.util.ArrayList;
import java.util.List;

/**
 * A FIFO of closed hop tiles that yields the merge of all of them in amortized O(1) merges per
 * tile, for states that can be merged but not un-merged (min, max, sketches): the two-stack queue.
 *
 * <p>New tiles go on the back, whose running merge is kept. When the oldest tile must go and the
 * front is empty, the back is moved to the front, each front entry holding the merge of itself and
 * every newer front tile; popping the front then drops exactly its oldest tile. The merge of the
 * queue is the front top's suffix merged with the back's running merge.
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
   * The result of every queued tile merged with {@code head} (may be null), or {@code emptyResult}
   * when there is nothing; the queue is unchanged.
   */
  Object resultWith(AggregateState head, Object emptyResult) {
    AggregateState frontMerged = front.isEmpty() ? null : front.get(front.size() - 1).state();
    AggregateState merged = null;
    boolean owned = false;
    for (AggregateState part : new AggregateState[] {frontMerged, backMerged, head}) {
      if (part == null) {
        continue;
      }
      if (merged == null) {
        merged = part;
      } else {
        if (!owned) {
          merged = merged.copy();
          owned = true;
        }
        merged.merge(part);
      }
    }
    return merged == null ? emptyResult : merged.result();
  }
}
