/**
 * Mergeable aggregation states, one per function of the definition format, and the spec of one
 * aggregate feature.
 *
 * <p>Every state is created by {@link dev.tributary.core.agg.AggregateSpec#newState()}, takes
 * non-null inputs with their event times, merges with states of the same spec, yields an immutable
 * result and writes itself compactly. All states except the two sketches are exact and give the
 * same result bits whatever the order of events and the grouping of merges, which is what lets the
 * stream, the backfill and the training-set job agree bit for bit. No Flink here: the jobs wrap
 * these classes. Semantics and error bounds: docs/aggregation.md.
 */
package dev.tributary.core.agg;
