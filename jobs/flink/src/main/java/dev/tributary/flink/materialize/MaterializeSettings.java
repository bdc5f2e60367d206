package dev.tributary.flink.materialize;

import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.online.RedisOptions;
import java.io.Serializable;

/**
 * Where the materialization job reads and writes.
 *
 * @param bootstrapServers Kafka brokers of the source topics and the dead-letter topic
 * @param groupId the consumer group; offsets are committed on checkpoints (for monitoring lag only:
 *     the job's position lives in its checkpoints)
 * @param bounded stop at the topics' current end instead of running forever (tests, catch-up runs);
 *     at the end every pending tail drop and TTL expiry is written to the history
 * @param catalog the Iceberg catalog of the history tables and {@code ops.dead_letters}
 * @param jobId written into every history row, for lineage
 * @param redis the online store; null to write history tables only
 * @param writeFrom the cut (UTC ms): history rows are written only for change points at or after
 *     it, earlier events only warm the windows; {@code Long.MIN_VALUE} writes every change point.
 *     Set it to the end of a backfill the stream continues, so each change point has one row
 */
public record MaterializeSettings(
    String bootstrapServers,
    String groupId,
    boolean bounded,
    CatalogConfig catalog,
    String jobId,
    RedisOptions redis,
    long writeFrom)
    implements Serializable {

  /** Settings without a cut: the job writes every change point it computes. */
  public MaterializeSettings(
      String bootstrapServers,
      String groupId,
      boolean bounded,
      CatalogConfig catalog,
      String jobId,
      RedisOptions redis) {
    this(bootstrapServers, groupId, bounded, catalog, jobId, redis, Long.MIN_VALUE);
  }
}
