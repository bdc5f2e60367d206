package dev.tributary.flink.online;

import redis.clients.jedis.ScanIteration;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.ScanResult;

/**
 * Removes every online hash of a retired view version ({@code <view>__<version>:{...}}), once its
 * grace period is over; other versions of the view, and other views, are untouched.
 *
 * <p>SCAN in pages rather than KEYS, so a large store is not blocked; UNLINK frees memory off the
 * main thread, one key per call since a cluster's keys of one version span slots. Scans every node
 * of a Redis Cluster ({@link UnifiedJedis#scanIteration}).
 */
public final class OnlineKeyPurge {
  private static final int PAGE = 1000;

  private OnlineKeyPurge() {}

  /** Removes the keys of {@code versionedName}; returns how many. */
  public static long remove(RedisOptions options, String versionedName) {
    long removed = 0;
    try (UnifiedJedis client = options.openClient()) {
      ScanIteration scan = client.scanIteration(PAGE, versionedName + ":{*}");
      while (!scan.isIterationCompleted()) {
        ScanResult<String> page = scan.nextBatch();
        for (String key : page.getResult()) {
          removed += client.unlink(key); // one by one: each key is in its own cluster slot
        }
      }
    }
    return removed;
  }
}
