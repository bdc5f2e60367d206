package dev.tributary.flink.online;

import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.keys.OnlineKeys;
import dev.tributary.core.online.OnlineRecordCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Writes batches of {@link OnlineUpdate}s to Redis: one hash per (view version, entity), written by
 * {@link MonotonicWriteScript} so that only newer as-of times land, one script call (one round
 * trip) per key, all calls of a batch pipelined.
 *
 * <p>The script is called by its SHA-1 ({@code EVALSHA}); a server that does not know it yet (first
 * use, a restart, {@code SCRIPT FLUSH}, a new cluster node) answers {@code NOSCRIPT}, and those
 * calls are sent again with the script's text ({@code EVAL}), which also caches it there.
 *
 * <p>While Redis is unreachable {@link #write} retries with backoff and blocks its caller, which in
 * a Flink job backpressures the sources; an update is never dropped. After {@link
 * RedisOptions#RETRY_GIVE_UP} it throws. Not thread-safe: one writer per sink subtask.
 */
public final class OnlineStoreWriter implements AutoCloseable {
  private final RetryingRedis redis;
  private final Map<String, Target> targets = new HashMap<>();

  private OnlineStoreWriter(RetryingRedis redis, Collection<FeatureView> views) {
    this.redis = redis;
    for (FeatureView view : views) {
      targets.put(
          view.versionedName(),
          new Target(view, OnlineRecordCodec.of(view), view.ttl().toMillis()));
    }
  }

  /**
   * Connects (retrying while Redis is unreachable) and checks the credentials.
   *
   * @param views the view versions whose updates this writer accepts
   */
  public static OnlineStoreWriter open(RedisOptions options, Collection<FeatureView> views)
      throws IOException, InterruptedException {
    return new OnlineStoreWriter(RetryingRedis.open(options), views);
  }

  /**
   * Writes a batch; returns once every update is either stored or skipped because Redis already
   * holds values as of the same or a later time.
   *
   * @throws IllegalArgumentException for an update of a view this writer was not given, or whose
   *     values do not match the view's features
   * @throws OnlineStoreException when Redis stays unreachable past the give-up time or refuses a
   *     write
   */
  public WriteResult write(List<OnlineUpdate> updates) throws IOException, InterruptedException {
    List<Call> calls = new ArrayList<>(updates.size());
    for (OnlineUpdate update : updates) {
      calls.add(call(update));
    }
    long retriesBefore = redis.retries();
    BitSet done = new BitSet(calls.size());
    BitSet written = new BitSet(calls.size());
    redis.call(
        "write a batch of " + calls.size() + " updates (first key " + firstKey(calls) + ")",
        client -> sendPending(client, calls, done, written));
    return new WriteResult(calls.size(), written, redis.retries() - retriesBefore);
  }

  /**
   * Retries of Redis calls since this writer opened, counted live (a write in progress that is
   * retrying shows here before it returns): for metrics, and for tests that wait for an outage to
   * be noticed.
   */
  public long retries() {
    return redis.retries();
  }

  @Override
  public void close() {
    redis.close();
  }

  private Call call(OnlineUpdate update) {
    Target target = targets.get(update.view());
    if (target == null) {
      throw new IllegalArgumentException(
          "Update "
              + update
              + " is for view "
              + update.view()
              + ", which is not"
              + " among the views given to this online store writer: "
              + targets.keySet()
              + ". Pass every online view version of the job to RedisOnlineSink.");
    }
    String key = OnlineKeys.key(target.view, update.keyValues());
    Map<String, String> fields = target.codec.encodeValues(update.valuesUnsafe());
    return new Call(
        key, MonotonicWriteScript.arguments(key, update.asOf(), target.ttlMillis, fields));
  }

  /**
   * One attempt: the calls without an answer yet, EVALSHA first, EVAL for those that met NOSCRIPT.
   */
  private Void sendPending(UnifiedJedis client, List<Call> calls, BitSet done, BitSet written)
      throws OnlineStoreException {
    List<Integer> pending = new ArrayList<>();
    for (int i = done.nextClearBit(0); i < calls.size(); i = done.nextClearBit(i + 1)) {
      pending.add(i);
    }
    List<Integer> unknownScript = send(client, calls, pending, true, done, written);
    if (!unknownScript.isEmpty()) {
      send(client, calls, unknownScript, false, done, written);
    }
    return null;
  }

  /**
   * Returns the indexes that met NOSCRIPT; rethrows the first transient error after noting the
   * rest.
   */
  private List<Integer> send(
      UnifiedJedis client,
      List<Call> calls,
      List<Integer> indexes,
      boolean bySha,
      BitSet done,
      BitSet written)
      throws OnlineStoreException {
    List<Response<Object>> responses = new ArrayList<>(indexes.size());
    try (AbstractPipeline pipeline = client.pipelined()) {
      for (int index : indexes) {
        Call call = calls.get(index);
        responses.add(
            bySha
                ? pipeline.evalsha(MonotonicWriteScript.SHA1, List.of(call.key), call.arguments)
                : pipeline.eval(MonotonicWriteScript.SOURCE, List.of(call.key), call.arguments));
      }
      pipeline.sync();
    }
    List<Integer> unknownScript = new ArrayList<>();
    JedisDataException transientFailure = null;
    for (int i = 0; i < indexes.size(); i++) {
      int index = indexes.get(i);
      try {
        Object reply = responses.get(i).get();
        done.set(index);
        written.set(index, Long.valueOf(1).equals(reply));
      } catch (JedisDataException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
          unknownScript.add(index);
        } else if (TransientFailures.isTransient(e) || TransientFailures.isAuthentication(e)) {
          transientFailure = transientFailure == null ? e : transientFailure;
        } else {
          throw new OnlineStoreException(
              "Redis at "
                  + redis.options().address()
                  + " refused to write key "
                  + calls.get(index).key
                  + ": "
                  + e.getMessage()
                  + ". If the key holds something else than an online"
                  + " hash, another application shares this Redis database: give it its own database or cluster.",
              e);
        }
      }
    }
    if (transientFailure != null) {
      throw transientFailure;
    }
    return unknownScript;
  }

  private static String firstKey(List<Call> calls) {
    return calls.isEmpty() ? "none" : calls.get(0).key;
  }

  private record Target(FeatureView view, OnlineRecordCodec codec, long ttlMillis) {}

  private record Call(String key, List<String> arguments) {}
}
