package dev.tributary.flink.online;

import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.keys.OnlineKeys;
import dev.tributary.core.online.OnlineRecordCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Writes batches of {@link OnlineUpdate}s to Redis: each update becomes its view's section in its
 * entity's value ({@link OnlineRecordCodec}), written by {@link MonotonicWriteScript} so that only
 * newer as-of times land. Up to {@value #KEYS_PER_CALL} updates go into one script call (in a
 * cluster, only updates whose keys share a slot), and all calls of a batch into one pipeline: one
 * round trip per batch, and the script's per-call cost (argument parsing, entering Lua) is paid
 * once per {@value #KEYS_PER_CALL} keys instead of per key.
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
  /**
   * Keys per script call: large enough that entering the script costs little per key, small enough
   * that one call blocks Redis for well under a millisecond.
   */
  static final int KEYS_PER_CALL = 100;

  private final RetryingRedis redis;
  private final Map<String, Target> targets = new HashMap<>();

  private OnlineStoreWriter(RetryingRedis redis, Collection<FeatureView> views) {
    this.redis = redis;
    Map<String, String> ids = new HashMap<>();
    for (FeatureView view : views) {
      OnlineRecordCodec codec = OnlineRecordCodec.of(view);
      String other = ids.putIfAbsent(codec.viewIdHex(), view.versionedName());
      if (other != null && !other.equals(view.versionedName())) {
        throw new IllegalArgumentException(
            "views "
                + other
                + " and "
                + view.versionedName()
                + " have the same online section id "
                + codec.viewIdHex()
                + "; rename one of them");
      }
      targets.put(
          view.versionedName(),
          new Target(
              codec,
              codec.viewId(),
              Long.toString(view.ttl().toMillis()).getBytes(StandardCharsets.US_ASCII)));
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
   * holds values as of a later time.
   *
   * @throws IllegalArgumentException for an update of a view this writer was not given, or whose
   *     values do not match the view's features
   * @throws OnlineStoreException when Redis stays unreachable past the give-up time or refuses a
   *     write
   */
  public WriteResult write(List<OnlineUpdate> updates) throws IOException, InterruptedException {
    List<Call> calls = calls(updates);
    long retriesBefore = redis.retries();
    BitSet done = new BitSet(calls.size());
    BitSet written = new BitSet(updates.size());
    redis.call(
        "write a batch of " + updates.size() + " updates (first key " + firstKey(updates) + ")",
        client -> sendPending(client, calls, done, written));
    return new WriteResult(updates.size(), written, redis.retries() - retriesBefore);
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

  /**
   * The script calls of a batch: updates in batch order, grouped by cluster slot when Redis is a
   * cluster (a call's keys must share one), at most {@value #KEYS_PER_CALL} per call. Updates of
   * one key stay in batch order, so the last of them is the one that counts when as-of times tie.
   */
  private List<Call> calls(List<OnlineUpdate> updates) {
    boolean cluster = redis.options().clusterMode();
    Map<Integer, Call> open = new HashMap<>();
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < updates.size(); i++) {
      OnlineUpdate update = updates.get(i);
      Target target = target(update);
      byte[] key = OnlineKeys.keyBytes(update.keyValues());
      if (update.asOf() > MonotonicWriteScript.LUA_EXACT
          || update.asOf() < -MonotonicWriteScript.LUA_EXACT) {
        throw new IllegalArgumentException(
            "as-of time "
                + update.asOf()
                + " of "
                + update.view()
                + " "
                + update.keyValues()
                + " is beyond +-2^53 ms, which the write script cannot compare exactly; as-of"
                + " times are UTC epoch milliseconds");
      }
      int slot = cluster ? JedisClusterCRC16.getSlot(key) : 0;
      Call call = open.get(slot);
      if (call == null || call.keys.size() == KEYS_PER_CALL) {
        call = new Call();
        open.put(slot, call);
        calls.add(call);
      }
      call.add(i, key, target, target.codec.encode(update.asOf(), update.valuesUnsafe()));
    }
    return calls;
  }

  private Target target(OnlineUpdate update) {
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
    return target;
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
                ? pipeline.evalsha(MonotonicWriteScript.SHA1_BYTES, call.keys, call.arguments)
                : pipeline.eval(MonotonicWriteScript.SOURCE_BYTES, call.keys, call.arguments));
      }
      pipeline.sync();
    }
    List<Integer> unknownScript = new ArrayList<>();
    JedisDataException transientFailure = null;
    for (int i = 0; i < indexes.size(); i++) {
      int index = indexes.get(i);
      Call call = calls.get(index);
      try {
        List<?> replies = (List<?>) responses.get(i).get();
        done.set(index);
        for (int k = 0; k < replies.size(); k++) {
          written.set(call.updates.get(k), Long.valueOf(1).equals(replies.get(k)));
        }
      } catch (JedisDataException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
          unknownScript.add(index);
        } else if (TransientFailures.isTransient(e) || TransientFailures.isAuthentication(e)) {
          transientFailure = transientFailure == null ? e : transientFailure;
        } else {
          throw new OnlineStoreException(
              "Redis at "
                  + redis.options().address()
                  + " refused to write the online values of "
                  + call.keys.size()
                  + " keys (first "
                  + new String(call.keys.get(0), StandardCharsets.UTF_8)
                  + "): "
                  + e.getMessage()
                  + ". If a key holds something else than an online value, another application"
                  + " shares this Redis database: give it its own database or cluster.",
              e);
        }
      }
    }
    if (transientFailure != null) {
      throw transientFailure;
    }
    return unknownScript;
  }

  private static String firstKey(List<OnlineUpdate> updates) {
    return updates.isEmpty() ? "none" : OnlineKeys.key(updates.get(0).keyValues());
  }

  private record Target(OnlineRecordCodec codec, byte[] viewId, byte[] ttlMillis) {}

  /** One script call: its keys, and per key the view id, TTL and payload. */
  private static final class Call {
    final List<Integer> updates = new ArrayList<>();
    final List<byte[]> keys = new ArrayList<>();
    final List<byte[]> arguments = new ArrayList<>();

    void add(int update, byte[] key, Target target, byte[] payload) {
      updates.add(update);
      keys.add(key);
      arguments.add(target.viewId);
      arguments.add(target.ttlMillis);
      arguments.add(payload);
    }
  }
}
