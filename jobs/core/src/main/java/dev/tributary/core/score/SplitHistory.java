package dev.tributary.core.score;

import dev.tributary.core.defs.Scoring;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * Every split of one scoring with its effective time: which split is in force at a request time.
 *
 * <p>The split of the definitions ({@code scoring.yaml}) is in force from the beginning of time;
 * splits set while the job runs take over from their effective times. A request is routed by the
 * split in force at its request time, not at the time the job sees it, so a replay after a failure
 * routes every request exactly as the first run did. Of two splits with the same effective time,
 * the one added later wins (a correction). Immutable: {@link #with} returns a new history.
 */
public final class SplitHistory implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<TrafficSplit> splits; // ascending effective time, stable for ties

  private SplitHistory(List<TrafficSplit> splits) {
    this.splits = List.copyOf(splits);
  }

  /**
   * The history of a scoring before any split was set: its definition's split, id {@code <name>#0}.
   */
  public static SplitHistory of(Scoring scoring) {
    return startingWith(
        new TrafficSplit(
            scoring.name() + "#0", Long.MIN_VALUE, new TreeMap<>(scoring.trafficSplit())));
  }

  /** A history holding the split of the definitions, in force from the beginning of time. */
  public static SplitHistory startingWith(TrafficSplit initial) {
    return new SplitHistory(
        List.of(new TrafficSplit(initial.id(), Long.MIN_VALUE, initial.weights())));
  }

  /** This history with one more split; a split whose id is already known is ignored (replays). */
  public SplitHistory with(TrafficSplit split) {
    if (splits.stream().anyMatch(s -> s.id().equals(split.id()))) {
      return this;
    }
    List<TrafficSplit> more = new ArrayList<>(splits);
    more.add(split);
    more.sort(Comparator.comparingLong(TrafficSplit::effectiveFrom)); // stable: later add wins
    return new SplitHistory(more);
  }

  /**
   * The split in force at {@code time}: the one with the greatest effective time at or before it.
   */
  public TrafficSplit at(long time) {
    TrafficSplit inForce = splits.get(0);
    for (TrafficSplit split : splits) {
      if (split.effectiveFrom() > time) {
        break;
      }
      inForce = split;
    }
    return inForce;
  }

  /** All splits, oldest effective time first. */
  public List<TrafficSplit> splits() {
    return splits;
  }
}
