package dev.tributary.flink.materialize;

import dev.tributary.core.config.KafkaConnection;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.online.RedisOptions;
import java.io.Serializable;

/**
 * Where the materialization job reads and writes.
 *
 * @param kafka Kafka of the source topics and the dead-letter topic, with its client properties
 *     (TLS, SASL)
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
    KafkaConnection kafka,
    String groupId,
    boolean bounded,
    CatalogConfig catalog,
    String jobId,
    RedisOptions redis,
    long writeFrom)
    implements Serializable {

  /** Settings for a plain-text Kafka without client properties. */
  public MaterializeSettings(
      String bootstrapServers,
      String groupId,
      boolean bounded,
      CatalogConfig catalog,
      String jobId,
      RedisOptions redis,
      long writeFrom) {
    this(
        KafkaConnection.plain(bootstrapServers),
        groupId,
        bounded,
        catalog,
        jobId,
        redis,
        writeFrom);
  }

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

  /** The brokers, {@code HOST:PORT[,...]}. */
  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }
}
