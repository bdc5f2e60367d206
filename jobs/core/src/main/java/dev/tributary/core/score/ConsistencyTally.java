package dev.tributary.core.score;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Online against offline, per feature: how many logged values were compared with the value the
 * training-set job computes at the logged as-of time, how many are equal (bit for bit, or both
 * null), how many differ, with the first few differences as examples.
 */
public final class ConsistencyTally {
  /** Examples kept per feature. */
  public static final int EXAMPLES = 5;

  /** The outcome for one feature. */
  public static final class FeatureTally {
    public long compared;
    public long equal;
    public long different;
    public final List<String> examples = new ArrayList<>();
  }

  private final Map<String, FeatureTally> features = new LinkedHashMap<>();

  /**
   * @param online the logged value, null where it was missing
   * @param offline the recomputed value (a Number or Boolean), null for none
   */
  public void compare(String feature, String requestId, long asOf, Double online, Object offline) {
    FeatureTally tally = features.computeIfAbsent(feature, f -> new FeatureTally());
    tally.compared++;
    Double recomputed =
        offline == null
            ? null
            : offline instanceof Boolean b ? (b ? 1.0 : 0.0) : ((Number) offline).doubleValue();
    boolean same =
        online == null
            ? recomputed == null
            : recomputed != null && Double.compare(online, recomputed) == 0;
    if (same) {
      tally.equal++;
    } else {
      tally.different++;
      if (tally.examples.size() < EXAMPLES) {
        tally.examples.add(
            "request "
                + requestId
                + " as of "
                + java.time.Instant.ofEpochMilli(asOf)
                + ": online "
                + online
                + ", offline "
                + recomputed);
      }
    }
  }

  public Map<String, FeatureTally> features() {
    return features;
  }

  public long different() {
    return features.values().stream().mapToLong(t -> t.different).sum();
  }
}
