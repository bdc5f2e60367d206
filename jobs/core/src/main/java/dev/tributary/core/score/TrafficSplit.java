package dev.tributary.core.score;

import dev.tributary.core.defs.SplitWeights;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.datasketches.hash.MurmurHash3;

/**
 * Weights per model version, in force from an effective time: which version serves a request.
 *
 * <p>A request's routing key and the scoring's salt hash (DataSketches' MurmurHash3, 128 bits) to a
 * bucket in [0, 10000). Versions own consecutive bucket ranges in ascending version order, each as
 * wide as its weight times 100. So the same key always reaches the same version while the weights
 * stand (sticky), and a weight change moves exactly the buckets whose owner changes, nothing else:
 * 90/10 to 50/50 moves buckets [5000, 9000) from version 1 to version 2. The salt keeps two
 * scorings over the same keys independent.
 *
 * @param id names this split in logs and in every prediction it routed, e.g. {@code
 *     flight_delay_live#3}
 * @param effectiveFrom UTC ms from which requests (by their request time) follow this split
 */
public record TrafficSplit(String id, long effectiveFrom, SortedMap<Long, Integer> weights)
    implements Serializable {

  /** Buckets per split: weights are percentages, so one percent is 100 buckets. */
  public static final int BUCKETS = 10_000;

  private static final long SEED = 0x7472_6962_7574L; // fixed forever: buckets must not move

  public TrafficSplit {
    String problem = SplitWeights.problem(weights);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    weights = Collections.unmodifiableSortedMap(new TreeMap<>(weights));
  }

  /** The bucket of a routing key under a scoring's salt, in [0, {@link #BUCKETS}). */
  public static int bucket(String routingKey, String salt) {
    byte[] text = (salt + '\u0000' + routingKey).getBytes(StandardCharsets.UTF_8);
    long[] hash = MurmurHash3.hash(text, SEED);
    return (int) Math.floorMod(hash[0], (long) BUCKETS);
  }

  /** The version that owns {@code bucket}. */
  public long versionOf(int bucket) {
    if (bucket < 0 || bucket >= BUCKETS) {
      throw new IllegalArgumentException("bucket " + bucket + " is outside [0, " + BUCKETS + ")");
    }
    int end = 0;
    long last = -1;
    for (Map.Entry<Long, Integer> entry : weights.entrySet()) {
      end += entry.getValue() * (BUCKETS / 100);
      last = entry.getKey();
      if (bucket < end) {
        return last;
      }
    }
    return last; // unreachable: the weights sum to 100, so the ranges end at BUCKETS
  }

  /** The version serving a routing key. */
  public long route(String routingKey, String salt) {
    return versionOf(bucket(routingKey, salt));
  }

  @Override
  public String toString() {
    return id
        + " ("
        + SplitWeights.describe(weights)
        + ", from "
        + java.time.Instant.ofEpochMilli(effectiveFrom)
        + ")";
  }
}
