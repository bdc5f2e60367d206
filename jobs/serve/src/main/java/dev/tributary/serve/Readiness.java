package dev.tributary.serve;

import dev.tributary.flink.online.RedisOptions;
import redis.clients.jedis.UnifiedJedis;

/**
 * Whether the server can answer: Redis answers {@code PING}. A client of its own, apart from the
 * reader's pool, so a probe never waits behind a large pipeline or the reader's retries.
 */
public final class Readiness implements AutoCloseable {
  private final RedisOptions options;
  private final UnifiedJedis redis;

  public Readiness(RedisOptions options) {
    this.options = options;
    this.redis = options.openClient();
  }

  /** Null when ready, else why not. */
  public String problem() {
    try {
      String pong = redis.ping();
      return "PONG".equals(pong) ? null : "Redis at " + options.address() + " answered " + pong;
    } catch (RuntimeException down) {
      return "Redis at " + options.address() + " is not reachable: " + down.getMessage();
    }
  }

  @Override
  public void close() {
    redis.close();
  }
}
