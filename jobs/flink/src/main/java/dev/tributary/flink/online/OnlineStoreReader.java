package dev.tributary.flink.online;

import dev.tributary.core.keys.OnlineKeys;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.online.OnlineRecordCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Reads online values of many entities, of any views, in one round trip, for the scoring job and
 * for serving: one {@code MGET} of every lookup's key (on a Redis Cluster, whose keys span hash
 * slots, one pipelined {@code GET} per key instead, each node sent its own).
 *
 * <p>A view's section holds its values with the as-of time they hold at; the reader returns both,
 * so a caller can log exactly what it used and the training-set job can reproduce it. A missing key
 * or section (never written, or expired by the view's TTL) reads as empty. A section whose expiry
 * has passed by this machine's clock reads as empty too, though Redis drops it only at the entity's
 * next write (the TTL of a view is its section's; clock skew between this machine and Redis moves
 * that garbage collection by the skew, never the time contract, which callers apply from the as-of
 * time with {@code OnlineExpiry}). Retries like the writer while Redis is unreachable, up to {@link
 * RedisOptions#RETRY_GIVE_UP}: give a serving reader a short one. Thread-safe: calls share the
 * client's connection pool.
 */
public final class OnlineStoreReader implements AutoCloseable {
  private final RetryingRedis redis;
  private final Map<String, OnlineRecordCodec> codecs = new ConcurrentHashMap<>();

  private OnlineStoreReader(RetryingRedis redis) {
    this.redis = redis;
  }

  /** Connects (retrying while Redis is unreachable) and checks the credentials. */
  public static OnlineStoreReader open(RedisOptions options)
      throws IOException, InterruptedException {
    return new OnlineStoreReader(RetryingRedis.open(options));
  }

  /** The stored record of each lookup, in order; empty where there is none. */
  public List<Optional<OnlineRecord>> read(List<OnlineLookup> lookups)
      throws IOException, InterruptedException {
    List<byte[]> keys = new ArrayList<>(lookups.size());
    lookups.forEach(lookup -> keys.add(OnlineKeys.keyBytes(lookup.keyValues())));
    List<byte[]> values =
        keys.isEmpty()
            ? List.of()
            : redis.call(
                "read " + keys.size() + " keys (first " + firstKey(lookups) + ")",
                client ->
                    redis.options().clusterMode()
                        ? pipelinedGets(client, keys)
                        : mget(client, keys));
    long now = System.currentTimeMillis();
    List<Optional<OnlineRecord>> records = new ArrayList<>(lookups.size());
    for (int i = 0; i < lookups.size(); i++) {
      OnlineLookup lookup = lookups.get(i);
      OnlineRecordCodec codec =
          codecs.computeIfAbsent(
              lookup.view().versionedName(), name -> OnlineRecordCodec.of(lookup.view()));
      records.add(Optional.ofNullable(decode(codec, lookup, values.get(i), now)));
    }
    return records;
  }

  /** The stored record of one entity of one view. */
  public Optional<OnlineRecord> read(OnlineLookup lookup) throws IOException, InterruptedException {
    return read(List.of(lookup)).get(0);
  }

  @Override
  public void close() {
    redis.close();
  }

  private OnlineRecord decode(OnlineRecordCodec codec, OnlineLookup lookup, byte[] value, long now)
      throws IOException {
    try {
      return codec.decode(value, now);
    } catch (IllegalArgumentException e) {
      throw new OnlineStoreException(
          "Key "
              + OnlineKeys.key(lookup.keyValues())
              + " at "
              + redis.options().address()
              + " does not hold what OnlineStoreWriter writes: "
              + e.getMessage(),
          e);
    }
  }

  /** One command for all keys: Redis parses and dispatches it once, the client builds one reply. */
  private static List<byte[]> mget(UnifiedJedis client, List<byte[]> keys) {
    return client.mget(keys.toArray(new byte[0][]));
  }

  /**
   * One {@code GET} per key in one pipeline: a cluster's keys span hash slots, which one {@code
   * MGET} may not; the cluster pipeline sends each node its own.
   */
  private static List<byte[]> pipelinedGets(UnifiedJedis client, List<byte[]> keys) {
    List<Response<byte[]>> responses = new ArrayList<>(keys.size());
    try (AbstractPipeline pipeline = client.pipelined()) {
      keys.forEach(key -> responses.add(pipeline.get(key)));
      pipeline.sync();
    }
    List<byte[]> replies = new ArrayList<>(keys.size());
    responses.forEach(response -> replies.add(response.get()));
    return replies;
  }

  private static String firstKey(List<OnlineLookup> lookups) {
    return lookups.isEmpty() ? "none" : OnlineKeys.key(lookups.get(0).keyValues());
  }
}
