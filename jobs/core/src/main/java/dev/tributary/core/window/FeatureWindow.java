package dev.tributary.core.window;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.agg.AggregateState;

/**
 * The running window of one feature during a sweep over time: events go in in event-time order,
 * values come out at non-decreasing query times, each query seeing only what was added before it.
 */
interface FeatureWindow {

  static FeatureWindow of(AggregateSpec spec) {
    return spec.isLifetime() ? new LifetimeWindow(spec) : new SawtoothWindow(spec);
  }

  /** Adds a non-null input; buckets of successive calls must not decrease. */
  void add(long eventTimeMillis, Object value);

  /**
   * Whether an event at {@code eventTimeMillis}, older than events already added, can still be
   * added: it falls in the newest hop bucket or later, so no closed tile has to change.
   */
  boolean canAddLate(long eventTimeMillis);

  /** Adds a pre-aggregated hop tile (ignored bucket for lifetime windows); the tile is copied. */
  void addTile(long bucket, AggregateState tile);

  /**
   * The value as of {@code t}; every event added so far must have {@code ts < t}, and successive
   * calls must not decrease {@code t}.
   */
  Object valueAt(long t);
}
