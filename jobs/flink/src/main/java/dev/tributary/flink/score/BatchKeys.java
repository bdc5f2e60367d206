package dev.tributary.flink.score;

import java.io.Serializable;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * The keys of {@link RouteAndBatch}: a few integers, the same number on every parallel instance, so
 * the batches (and the calls and sinks chained after them) spread evenly over the instances.
 *
 * <p>Why not simply the shard number: Flink places a key by a hash of it (its key group), and a few
 * small integers can all land on one instance; at parallelism 2 and the default max parallelism
 * 128, the keys 0, 1, 2 and 3 all go to instance 1, which left the other instance idle. So each
 * shard gets the smallest integer that Flink places on the instance the shard is meant for.
 */
final class BatchKeys implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] keys;

  private BatchKeys(int[] keys) {
    this.keys = keys;
  }

  /**
   * {@code perInstance} keys for each of {@code parallelism} instances of an operator with {@code
   * maxParallelism} key groups.
   */
  static BatchKeys spread(int perInstance, int parallelism, int maxParallelism) {
    if (perInstance < 1 || parallelism < 1) {
      throw new IllegalArgumentException(
          "need at least one key per instance and one instance, got "
              + perInstance
              + " and "
              + parallelism);
    }
    int[] keys = new int[perInstance * parallelism];
    Set<Integer> taken = new HashSet<>();
    for (int shard = 0; shard < keys.length; shard++) {
      int instance = shard % parallelism;
      int key = 0;
      while (taken.contains(key)
          || KeyGroupRangeAssignment.assignKeyToParallelOperator(key, maxParallelism, parallelism)
              != instance) {
        key++;
      }
      taken.add(key);
      keys[shard] = key;
    }
    return new BatchKeys(keys);
  }

  /** The key of a request: by a hash of its id (rejected requests without one: the first key). */
  int of(ScoreRequest request) {
    return request.requestId == null
        ? keys[0]
        : keys[Math.floorMod(request.requestId.hashCode(), keys.length)];
  }

  int count() {
    return keys.length;
  }
}
