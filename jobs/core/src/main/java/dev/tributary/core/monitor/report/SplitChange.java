package dev.tributary.core.monitor.report;

import dev.tributary.core.score.TrafficSplit;
import java.util.Map;
import java.util.TreeMap;

/**
 * One traffic split that took effect: its id and the weight (percent) of each version.
 *
 * @param time when it took effect, UTC ms
 */
public record SplitChange(long time, String splitId, Map<String, Integer> weights) {
  public SplitChange {
    weights = Map.copyOf(weights);
  }

  /**
   * A split of a scoring's history; the definitions' split, in force since the start, is drawn from
   * {@code start} (the report's first hour).
   */
  public static SplitChange of(TrafficSplit split, long start) {
    Map<String, Integer> weights = new TreeMap<>();
    split.weights().forEach((version, weight) -> weights.put(String.valueOf(version), weight));
    return new SplitChange(Math.max(split.effectiveFrom(), start), split.id(), weights);
  }
}
