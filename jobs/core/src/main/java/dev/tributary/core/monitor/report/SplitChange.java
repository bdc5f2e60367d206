package dev.tributary.core.monitor.report;

import java.util.Map;

/**
 * One traffic split that took effect: its id and the weight (percent) of each version.
 *
 * @param time when it took effect, UTC ms
 */
public record SplitChange(long time, String splitId, Map<String, Integer> weights) {
  public SplitChange {
    weights = Map.copyOf(weights);
  }
}
