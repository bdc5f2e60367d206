package dev.tributary.flink.online;

import dev.tributary.core.online.OnlineRecordCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua script that writes view records into entity values ({@link OnlineRecordCodec}'s
 * sections), several entities per call.
 *
 * <p>A section is written only when the incoming as-of time is at least the stored one. Flink
 * replays everything after the last checkpoint when a job restarts, and several writers may race on
 * one key during a rescale; with this rule a replayed or late-arriving older update is a no-op, so
 * the store never moves back in time and at-least-once delivery is as good as exactly-once. An
 * equal as-of overwrites: the streaming job sends the values as of an entity's newest event + 1 ms
 * before the watermark makes them final, and an event from a slower partition (older than the
 * newest, not late) can still change them at that same as-of; the later write is the
 * better-informed one.
 *
 * <p>Per key: {@code GET} the entity's value, walk its sections, and either skip (this view's
 * section is live and newer) or {@code SET} the value rebuilt from the other live sections and the
 * new one, with {@code PXAT} the latest expiry among them (no expiry when a view has no TTL). So a
 * write is two commands, the view's section is replaced whole (a feature that became null
 * disappears; a reader never sees old and new values mixed), each view keeps its own TTL (its
 * section's {@code expires at}, counted from the write on the server's clock; expired sections are
 * dropped at the next write and read as absent until then), and the key itself goes when its last
 * section expires. A skipped write changes nothing, not even the expiry. The script runs
 * atomically, so no other client sees a half-written value.
 *
 * <p>{@code KEYS}: the entities; {@code ARGV}: per key, the view id (4 bytes), the TTL in ms (0 for
 * none) and the payload. Returns one 1 (written) or 0 (skipped) per key. A key that holds no string
 * (another application's data) fails the call with Redis's error and the key. All keys of a call
 * must be in one cluster slot (the writer groups them so).
 *
 * <p>Lua numbers are doubles, so as-of times must lie within +-2^53 ms (+-285,000 years) to compare
 * exactly; the writer rejects others.
 */
final class MonotonicWriteScript {
  static final String SOURCE =
      """
      local time = redis.call('TIME')
      local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
      local results = {}
      for i = 1, #KEYS do
        local key, id, payload = KEYS[i], ARGV[3 * i - 2], ARGV[3 * i]
        local ttl = tonumber(ARGV[3 * i - 1])
        local asOf = struct.unpack('>i8', payload)
        local stored = redis.pcall('GET', key)
        if type(stored) == 'table' then
          return redis.error_reply(tostring(stored.err) .. ' (key ' .. key .. ')')
        end
        local kept, latest, forever, newer = {}, 0, false, false
        if stored then
          local at = 1
          while at <= #stored do
            local length, expires = struct.unpack('>I2i8', stored, at + 4)
            local after = at + %1$d + length
            if expires == 0 or expires >= now then
              if string.sub(stored, at, at + 3) ~= id then
                kept[#kept + 1] = string.sub(stored, at, after - 1)
                if expires == 0 then
                  forever = true
                elseif expires > latest then
                  latest = expires
                end
              elseif struct.unpack('>i8', stored, at + %1$d) > asOf then
                newer = true
                break
              end
            end
            at = after
          end
        end
        if newer then
          results[i] = 0
        else
          local expires = 0
          if ttl > 0 then
            expires = now + ttl
            if expires > latest then
              latest = expires
            end
          else
            forever = true
          end
          kept[#kept + 1] = id .. struct.pack('>I2i8', #payload, expires) .. payload
          if forever then
            redis.call('SET', key, table.concat(kept))
          else
            redis.call('SET', key, table.concat(kept), 'PXAT', latest)
          end
          results[i] = 1
        end
      end
      return results
      """
          .formatted(OnlineRecordCodec.SECTION_HEADER);

  /** The SHA-1 that {@code EVALSHA} names the script by, computed as Redis does. */
  static final String SHA1 = sha1(SOURCE);

  static final byte[] SOURCE_BYTES = SOURCE.getBytes(StandardCharsets.UTF_8);
  static final byte[] SHA1_BYTES = SHA1.getBytes(StandardCharsets.UTF_8);

  /** The largest as-of time (in magnitude) that the script's doubles compare exactly. */
  static final long LUA_EXACT = 1L << 53;

  private MonotonicWriteScript() {}

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
