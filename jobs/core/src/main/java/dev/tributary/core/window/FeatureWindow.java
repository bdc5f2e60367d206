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
   * Whether an event older than events already added (but before every query time still to come)
   * can be added by {@link #addLate}.
   */
  boolean canAddLate(long eventTimeMillis);

  /** Adds such an event's non-null input, when {@link #canAddLate} says so. */
  void addLate(long eventTimeMillis, Object value);

  /** Adds a pre-aggregated hop tile (ignored bucket for lifetime windows); the tile is copied. */
  void addTile(long bucket, AggregateState tile);

  /**
   * The value as of {@code t}; every event added so far must have {@code ts < t}, and successive
   * calls must not decrease {@code t}.
   */
  Object valueAt(long t);
}
