package dev.tributary.serve.predict;

import dev.tributary.core.defs.Scoring;
import dev.tributary.core.score.SplitHistory;

/**
 * Where the server learns a scoring's traffic splits. {@link #DEFINED} serves the split of
 * scoring.yaml; a source that follows the control topic {@code tributary.traffic_splits} (as the
 * score job does) plugs in here, so both paths route a request time the same way.
 */
@FunctionalInterface
public interface SplitSource {
  SplitHistory history(Scoring scoring);

  /** The split of the definitions, in force from the beginning of time. */
  SplitSource DEFINED = SplitHistory::of;
}
