package dev.tributary.flink.online;

import dev.tributary.core.online.OnlineRecordCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The Lua script that writes one entity's hash, and its arguments.
 *
 * <p>It writes only when the incoming as-of time is newer than the stored one. Flink replays
 * everything after the last checkpoint when a job restarts, and several writers may race on one key
 * during a rescale; with this rule a replayed or late-arriving older update is a no-op, so the
 * store never moves back in time and at-least-once delivery is as good as exactly-once. An equal
 * as-of overwrites: the streaming job sends the values as of an entity's newest event + 1 ms before
 * the watermark makes them final, and an event from a slower partition (older than the newest, not
 * late) can still change them at that same as-of; the later write is the better-informed one.
 *
 * <p>When it writes, it deletes the hash and sets {@value OnlineRecordCodec#AS_OF_FIELD} and every
 * non-null feature field in one step (the script runs atomically), so a feature that became null
 * disappears and a reader never sees old and new fields mixed; then it sets the view's TTL with
 * {@code PEXPIRE}, counted from the write. One key per call keeps it valid on Redis Cluster (the
 * key alone decides the slot). Returns 1 when written, 0 when skipped.
 *
 * <p>Lua numbers are doubles, so as-of times must lie within +-2^53 ms (+-285,000 years) to compare
 * exactly; {@link #arguments} rejects others.
 */
final class MonotonicWriteScript {
  static final String SOURCE =
      """
      local stored = redis.call('HGET', KEYS[1], '%1$s')
      if stored and tonumber(stored) > tonumber(ARGV[1]) then
        return 0
      end
      redis.call('DEL', KEYS[1])
      redis.call('HSET', KEYS[1], '%1$s', ARGV[1], unpack(ARGV, 3))
      if tonumber(ARGV[2]) > 0 then
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
      end
      return 1
      """
          .formatted(OnlineRecordCodec.AS_OF_FIELD);

  /** The SHA-1 that {@code EVALSHA} names the script by, computed as Redis does. */
  static final String SHA1 = sha1(SOURCE);

  private static final long LUA_EXACT = 1L << 53;

  private MonotonicWriteScript() {}

  /**
   * {@code ARGV}: the as-of time, the TTL in ms (0 for none), then field and value pairs.
   *
   * @throws IllegalArgumentException when the as-of time is beyond what Lua compares exactly
   */
  static List<String> arguments(String key, long asOf, long ttlMillis, Map<String, String> fields) {
    if (asOf > LUA_EXACT || asOf < -LUA_EXACT) {
      throw new IllegalArgumentException(
          "as-of time "
              + asOf
              + " of "
              + key
              + " is beyond +-2^53 ms, which the"
              + " write script cannot compare exactly; as-of times are UTC epoch milliseconds");
    }
    List<String> arguments = new ArrayList<>(2 + 2 * fields.size());
    arguments.add(Long.toString(asOf));
    arguments.add(Long.toString(ttlMillis));
    fields.forEach(
        (field, value) -> {
          arguments.add(field);
          arguments.add(value);
        });
    return arguments;
  }

  private static String sha1(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every JVM has SHA-1", impossible);
    }
  }
}
