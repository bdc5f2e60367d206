package dev.tributary.core.defs;

import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The rule for a traffic split's weights, wherever they are written: a scoring's {@code
 * traffic_split:} in scorings.yaml, {@code tributary split}, and every split the score job takes
 * from its control topic. Versions are 1 or more, weights are percentages that sum to 100.
 */
public final class SplitWeights {
  private SplitWeights() {}

  /** Why these weights are not a split, or null when they are: the text validation reports. */
  public static String problem(Map<Long, Integer> weights) {
    long total = 0;
    for (Map.Entry<Long, Integer> entry : weights.entrySet()) {
      if (entry.getKey() < 1 || entry.getValue() < 0) {
        return "model version must be 1 or more and weight 0 or more, got "
            + entry.getKey()
            + "="
            + entry.getValue();
      }
      total += entry.getValue();
    }
    if (total != 100) {
      return "traffic split weights must sum to 100 (they are percentages), but "
          + describe(weights)
          + " sums to "
          + total;
    }
    return null;
  }

  /** {@code 1=90 2=10}: how the CLI writes and prints a split. */
  public static String describe(Map<Long, Integer> weights) {
    StringJoiner text = new StringJoiner(" ");
    new TreeMap<>(weights).forEach((version, weight) -> text.add(version + "=" + weight));
    return text.toString();
  }
}
