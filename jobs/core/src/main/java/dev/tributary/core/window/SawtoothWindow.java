package dev.tributary.core.window;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.agg.AggregateState;

/**
 * A windowed feature as of a moving query time: closed hop tiles in a {@link TileQueue}, plus an
 * exact head, the tile of the newest bucket, which holds exactly the events added so far (all
 * before the query time).
 *
 * <p>As of {@code t} the window is {@code [floor((t - W) / H) * H, t)}: tile {@code b} (events with
 * {@code floor(ts / H) == b}) is in the window iff {@code b >= floor((t - W) / H)}, and the exact
 * head makes the end exclusive at {@code t} itself rather than at a hop boundary. This is the
 * sawtooth of Chronon's SawtoothAggregator, evaluated by a sweep instead of a join.
 *
 * <p>The window's merged state is kept running between queries: an added event goes into it as well
 * as into its tile, and a head rolling into the queue leaves it unchanged; only a tile leaving the
 * window makes the next query merge it again from the queue. Why: a query after each event
 * otherwise merged the whole queue each time (for a 7-day sketch: a copy of the queue's merge and
 * two sketch merges per event, the largest part of evaluating a view); now that happens once per
 * hop.
 */
final class SawtoothWindow implements FeatureWindow {

  private final AggregateSpec spec;
  private final long windowMillis;
  private final long hopMillis;
  private final Object emptyResult;
  private final TileQueue closed = new TileQueue();
  private AggregateState head;
  private long headBucket;

  /** The first bucket in the window as of the last query: older ones never count again. */
  private long firstBucketQueried = Long.MIN_VALUE;

  /**
   * Every event in the window as of the last query plus those added since, or null when it must be
   * merged again from the queue and head (a tile left the window).
   */
  private AggregateState running;

  /** The last result while no tile was added, changed or dropped since (results are immutable). */
  private Object cachedResult;

  private boolean cacheValid;

  SawtoothWindow(AggregateSpec spec) {
    this.spec = spec;
    this.windowMillis = spec.windowMillis();
    this.hopMillis = spec.hopMillis();
    this.emptyResult = spec.emptyResult();
  }

  @Override
  public void add(long eventTimeMillis, Object value) {
    headFor(Math.floorDiv(eventTimeMillis, hopMillis)).add(eventTimeMillis, value);
    if (running != null) {
      running.add(eventTimeMillis, value);
    }
  }

  /**
   * Into the head when its bucket is the head's or later; not at all when the bucket already left
   * the window (as of the last query, so as of every later one); else into its closed tile, when
   * the queue can ({@link TileQueue#canAddLate}). Every state takes events in any order.
   */
  @Override
  public boolean canAddLate(long eventTimeMillis) {
    long bucket = Math.floorDiv(eventTimeMillis, hopMillis);
    return head == null
        || bucket >= headBucket
        || bucket < firstBucketQueried
        || closed.canAddLate(bucket);
  }

  @Override
  public void addLate(long eventTimeMillis, Object value) {
    long bucket = Math.floorDiv(eventTimeMillis, hopMillis);
    if (head == null || bucket >= headBucket) {
      add(eventTimeMillis, value);
    } else if (bucket >= firstBucketQueried) {
      closed.addLate(bucket, eventTimeMillis, value, spec::newState);
      if (running != null) {
        running.add(eventTimeMillis, value);
      }
      cacheValid = false;
    }
  }

  @Override
  public void addTile(long bucket, AggregateState tile) {
    headFor(bucket).merge(tile);
    // Tiles come while a sweep is built, before any query: the next query merges them all once.
    running = null;
  }

  private AggregateState headFor(long bucket) {
    cacheValid = false;
    if (head != null) {
      if (bucket == headBucket) {
        return head;
      }
      if (bucket < headBucket) {
        throw new IllegalStateException(
            "feature "
                + spec.name()
                + ": bucket "
                + bucket
                + " added after bucket "
                + headBucket
                + "; a sweep needs events in event-time order");
      }
      closed.push(headBucket, head);
    }
    head = spec.newState();
    headBucket = bucket;
    return head;
  }

  @Override
  public Object valueAt(long t) {
    long firstBucket = Math.floorDiv(t - windowMillis, hopMillis);
    firstBucketQueried = firstBucket;
    if (closed.dropBefore(firstBucket)) {
      running = null;
      cacheValid = false;
    }
    if (head != null && headBucket < firstBucket) {
      head = null;
      running = null;
      cacheValid = false;
    }
    if (!cacheValid) {
      if (running == null) {
        running = closed.mergedWith(head);
      }
      cachedResult = running == null ? emptyResult : running.result();
      cacheValid = true;
    }
    return cachedResult;
  }
}
