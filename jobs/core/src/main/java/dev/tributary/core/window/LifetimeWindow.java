package dev.tributary.core.window;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.agg.AggregateState;

/** A lifetime feature: every event before the query time, so one running state suffices. */
final class LifetimeWindow implements FeatureWindow {

  private final AggregateState state;

  /** The last result while nothing was added since (results are immutable). */
  private Object cachedResult;

  private boolean cacheValid;

  LifetimeWindow(AggregateSpec spec) {
    this.state = spec.newState();
  }

  @Override
  public void add(long eventTimeMillis, Object value) {
    state.add(eventTimeMillis, value);
    cacheValid = false;
  }

  /** Always: one running state, and every state is order-independent (sketches within bounds). */
  @Override
  public boolean canAddLate(long eventTimeMillis) {
    return true;
  }

  @Override
  public void addLate(long eventTimeMillis, Object value) {
    add(eventTimeMillis, value);
  }

  @Override
  public void addTile(long bucket, AggregateState tile) {
    state.merge(tile);
    cacheValid = false;
  }

  @Override
  public Object valueAt(long t) {
    if (!cacheValid) {
      cachedResult = state.result();
      cacheValid = true;
    }
    return cachedResult;
  }
}
