package dev.tributary.flink.score;

import dev.tributary.core.config.KafkaConnection;
import dev.tributary.core.score.RequestBudget;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.triton.client.TritonClientLoader;
import java.io.Serializable;
import java.time.Duration;

/**
 * Where the score job reads and writes, and how it batches and waits.
 *
 * @param kafka Kafka of the requests, the control topic, predictions and dead letters, with its
 *     client properties (TLS, SASL)
 * @param groupId consumer group of the requests (offsets committed on checkpoints, for lag only)
 * @param bounded stop at the topics' current end (tests, catch-up runs)
 * @param catalog Iceberg catalog of {@code monitoring.predictions} and {@code ops.dead_letters}
 * @param jobId written into every prediction
 * @param redis the online store the features are read from
 * @param triton the inference servers
 * @param maxBatchRows most requests per {@code ModelInfer} call (1 turns batching off)
 * @param maxBatchDelay longest a request waits for its batch to fill
 * @param batchShards keys of the router and batcher per parallel instance (a shard of the request
 *     id); each key batches every version apart, so one key per instance makes the largest batches
 * @param inFlight batches in flight per parallel instance (the async operator's capacity)
 * @param callDeadline deadline of one {@code ModelInfer} call, the client's retries included
 * @param timeout the async operator's budget per batch, its retries included; then dead letters
 * @param retries how often a batch that failed transiently is sent again, after the client's own
 *     retries (exponential backoff from 100 ms to 2 s)
 */
public record ScoreSettings(
    KafkaConnection kafka,
    String groupId,
    boolean bounded,
    CatalogConfig catalog,
    String jobId,
    RedisOptions redis,
    TritonClientLoader triton,
    int maxBatchRows,
    Duration maxBatchDelay,
    int batchShards,
    int inFlight,
    Duration callDeadline,
    Duration timeout,
    int retries)
    implements Serializable {

  /** Settings with the defaults for batching, deadlines and retries. */
  public static ScoreSettings of(
      String bootstrapServers,
      boolean bounded,
      CatalogConfig catalog,
      String jobId,
      RedisOptions redis,
      TritonClientLoader triton) {
    return of(KafkaConnection.plain(bootstrapServers), bounded, catalog, jobId, redis, triton);
  }

  /** Settings with the defaults for batching, deadlines and retries. */
  public static ScoreSettings of(
      KafkaConnection kafka,
      boolean bounded,
      CatalogConfig catalog,
      String jobId,
      RedisOptions redis,
      TritonClientLoader triton) {
    return new ScoreSettings(
        kafka,
        "tributary-score",
        bounded,
        catalog,
        jobId,
        redis,
        triton,
        64,
        Duration.ofMillis(5),
        1,
        8,
        Duration.ofSeconds(5),
        RequestBudget.DEFAULT,
        40);
  }

  /** These settings with another consumer group for the requests. */
  public ScoreSettings withGroupId(String group) {
    return new ScoreSettings(
        kafka,
        group,
        bounded,
        catalog,
        jobId,
        redis,
        triton,
        maxBatchRows,
        maxBatchDelay,
        batchShards,
        inFlight,
        callDeadline,
        timeout,
        retries);
  }

  /** These settings with other batching: {@code rows} 1 turns it off. */
  public ScoreSettings withBatching(int rows, Duration delay) {
    return new ScoreSettings(
        kafka,
        groupId,
        bounded,
        catalog,
        jobId,
        redis,
        triton,
        rows,
        delay,
        batchShards,
        inFlight,
        callDeadline,
        timeout,
        retries);
  }

  /** These settings with {@code shards} keys of the router and batcher per parallel instance. */
  public ScoreSettings withBatchShards(int shards) {
    return new ScoreSettings(
        kafka,
        groupId,
        bounded,
        catalog,
        jobId,
        redis,
        triton,
        maxBatchRows,
        maxBatchDelay,
        shards,
        inFlight,
        callDeadline,
        timeout,
        retries);
  }

  /** The brokers, {@code HOST:PORT[,...]}. */
  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }
}
