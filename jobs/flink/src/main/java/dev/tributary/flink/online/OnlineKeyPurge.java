package dev.tributary.flink.online;

import dev.tributary.core.online.OnlineRecordCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.ScanIteration;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.ScanResult;

/**
 * Removes a retired view version's sections from the online store, once its grace period is over;
 * the other sections of each entity's value (other versions of the view, other views) are kept as
 * they are.
 *
 * <p>Every view of an entity shares one key ({@code {<entity>}}, {@link
 * dev.tributary.core.keys.OnlineKeys}), so the purge scans the entity keys and, per key, runs
 * {@link #SCRIPT}: it rebuilds the value without the version's section ({@link
 * OnlineRecordCodec#viewId(String)}) and stores it with {@code SET ... KEEPTTL}, or {@code UNLINK}s
 * the key when no section is left. The key's expiry was the latest of all its sections', so it
 * stays at least that of the remaining ones. Keys of other types, and strings that are not a
 * sequence of sections (another application's data), are left alone.
 *
 * <p>SCAN in pages rather than KEYS, so a large store is not blocked; one script call per key since
 * a cluster's entities span slots. Scans every node of a Redis Cluster ({@link
 * UnifiedJedis#scanIteration}).
 */
public final class OnlineKeyPurge {
  private static final int PAGE = 1000;

  /**
   * {@code KEYS[1]}: an entity key; {@code ARGV[1]}: the section id. Returns 1 if it removed it.
   */
  static final String SCRIPT =
      """
      local stored = redis.pcall('GET', KEYS[1])
      if type(stored) ~= 'string' then
        return 0
      end
      local kept, at, found = {}, 1, false
      while at <= #stored do
        if at + %1$d - 1 > #stored then
          return 0
        end
        local after = at + %1$d + struct.unpack('>I2', stored, at + 4)
        if after - 1 > #stored then
          return 0
        end
        if string.sub(stored, at, at + 3) == ARGV[1] then
          found = true
        else
          kept[#kept + 1] = string.sub(stored, at, after - 1)
        end
        at = after
      end
      if not found then
        return 0
      end
      if #kept == 0 then
        redis.call('UNLINK', KEYS[1])
      else
        redis.call('SET', KEYS[1], table.concat(kept), 'KEEPTTL')
      end
      return 1
      """
          .formatted(OnlineRecordCodec.SECTION_HEADER);

  private static final byte[] SCRIPT_BYTES = SCRIPT.getBytes(StandardCharsets.UTF_8);

  private OnlineKeyPurge() {}

  /** Removes the sections of {@code versionedName}; returns from how many entity keys. */
  public static long remove(RedisOptions options, String versionedName) {
    byte[] id = OnlineRecordCodec.viewId(versionedName);
    long removed = 0;
    try (UnifiedJedis client = options.openClient()) {
      ScanIteration scan = client.scanIteration(PAGE, "{*}");
      while (!scan.isIterationCompleted()) {
        ScanResult<String> page = scan.nextBatch();
        for (String key : page.getResult()) {
          Object result =
              client.eval(SCRIPT_BYTES, List.of(key.getBytes(StandardCharsets.UTF_8)), List.of(id));
          removed += (Long) result;
        }
      }
    }
    return removed;
  }
}
