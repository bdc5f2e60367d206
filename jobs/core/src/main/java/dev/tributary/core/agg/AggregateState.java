package dev.tributary.core.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The mergeable partial aggregate of one feature over some set of events (a hop tile, a window, a
 * whole history).
 *
 * <p>Every state except the sketches is exact and order-independent: adding the same events in any
 * order, or merging the same partial states in any grouping, gives the same result bits. That is
 * what lets the streaming job, the backfill and the training-set job agree bit for bit.
 */
public interface AggregateState {

  /**
   * Adds one event's input. Null inputs are skipped by every function, so callers never pass them.
   *
   * @param eventTimeMillis the event time, used by last and last_n
   * @param value a non-null value of the spec's input type
   */
  void add(long eventTimeMillis, Object value);

  /** Adds every event of {@code other}, a state created by the same spec; other is unchanged. */
  void merge(AggregateState other);

  /** The feature value for the events added so far; see docs/aggregation.md per function. */
  Object result();

  /** An independent copy: changes to either do not affect the other. */
  AggregateState copy();

  /** Writes this state compactly; {@link AggregateSpec#readState} reads it back. */
  void writeTo(DataOutput out) throws IOException;

  /** Replaces this (empty) state's content by what {@link #writeTo} wrote. */
  void readFrom(DataInput in) throws IOException;
}
