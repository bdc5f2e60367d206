package dev.tributary.flink.training;

import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.util.MathUtils;

/**
 * Sends the spine rows and the history rows of one entity to the same task of an in-memory as-of
 * join ({@link HashedHistoryLookup}). A plain partitioning rather than {@code keyBy}: in BATCH mode
 * a keyed operator's inputs are sorted by key, the cost that join exists to avoid.
 */
final class EntityPartitioner implements Partitioner<String> {
  private static final long serialVersionUID = 1L;

  @Override
  public int partition(String key, int partitions) {
    return MathUtils.murmurHash(key.hashCode()) % partitions;
  }
}
