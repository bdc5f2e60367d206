package dev.tributary.core.window;

import dev.tributary.core.agg.AggregateState;

/**
 * All features of one view for one entity during a sweep over time, plus the TTL rule. Events go in
 * in event-time order; values come out at non-decreasing times, each seeing only the events added
 * before it (the caller adds exactly the events with {@code ts < t} before asking for t).
 */
final class ViewSweep {

  private final ViewSpec view;
  private final FeatureWindow[] windows;
  private boolean anyEvent;
  private long newestEvent;

  ViewSweep(ViewSpec view) {
    this.view = view;
    this.windows = new FeatureWindow[view.size()];
    for (int i = 0; i < windows.length; i++) {
      windows[i] = FeatureWindow.of(view.feature(i));
    }
  }

  void add(Event event) {
    Object[] inputs = event.inputs();
    view.checkInputs(inputs);
    long ts = event.eventTimeMillis();
    for (int i = 0; i < windows.length; i++) {
      if (inputs[i] != null) {
        windows[i].add(ts, inputs[i]);
      }
    }
    noteEvent(ts);
  }

  /**
   * Adds an event older than some already added, when every window it counts in can take it ({@link
   * FeatureWindow#canAddLate}); false, and nothing added, when one cannot.
   */
  boolean addLate(Event event) {
    Object[] inputs = event.inputs();
    for (int i = 0; i < windows.length; i++) {
      if (inputs[i] != null && !windows[i].canAddLate(event.eventTimeMillis())) {
        return false;
      }
    }
    long ts = event.eventTimeMillis();
    for (int i = 0; i < windows.length; i++) {
      if (inputs[i] != null) {
        windows[i].addLate(ts, inputs[i]);
      }
    }
    noteEvent(ts);
    return true;
  }

  /** Adds a pre-aggregated tile of one feature (from compacted streaming state). */
  void addTile(int feature, long bucket, AggregateState tile) {
    windows[feature].addTile(bucket, tile);
  }

  /** Records that an event at {@code ts} exists, for the TTL rule. */
  void noteEvent(long ts) {
    if (!anyEvent || ts > newestEvent) {
      newestEvent = ts;
    }
    anyEvent = true;
  }

  /** The view's values as of {@code t}. */
  Object[] valuesAt(long t) {
    Object[] values = new Object[windows.length];
    if (view.hasTtl() && (!anyEvent || newestEvent < t - view.ttlMillis())) {
      return values;
    }
    for (int i = 0; i < windows.length; i++) {
      values[i] = windows[i].valueAt(t);
    }
    return values;
  }
}
