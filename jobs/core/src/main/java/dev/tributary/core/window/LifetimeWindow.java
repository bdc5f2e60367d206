package dev.tributary.core.window;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.agg.AggregateState;

/** A lifetime feature: every event before the query time, so one running state suffices. */
final class LifetimeWindow implements FeatureWindow {

  private final AggregateState state;

  LifetimeWindow(AggregateSpec spec) {
    this.state = spec.newState();
  }

  @Override
  public void add(long eventTimeMillis, Object value) {
    state.add(eventTimeMillis, value);
  }

  @Override
  public void addTile(long bucket, AggregateState tile) {
    state.merge(tile);
  }

  @Override
  public Object valueAt(long t) {
    return state.result();
  }
}
