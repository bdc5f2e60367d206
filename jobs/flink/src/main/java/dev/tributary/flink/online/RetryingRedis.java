package dev.tributary.flink.online;

import java.io.IOException;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A Redis client whose calls are retried with backoff while Redis is unreachable, and whose other
 * failures become an {@link OnlineStoreException} that says what to check.
 *
 * <p>Retrying is safe for the online store because every write is conditional on its as-of time
 * (see {@link MonotonicWriteScript}): sending an update twice stores it once.
 */
final class RetryingRedis implements AutoCloseable {
  private final RedisOptions options;
  private final Backoff backoff;
  private UnifiedJedis client;
  private long retries;

  private RetryingRedis(RedisOptions options) {
    this.options = options;
    this.backoff = options.backoff();
  }

  /** Opens a client and checks with {@code PING} that Redis answers and accepts the credentials. */
  static RetryingRedis open(RedisOptions options) throws IOException, InterruptedException {
    RetryingRedis redis = new RetryingRedis(options);
    try {
      redis.call("connect", client -> client.ping());
      return redis;
    } catch (IOException | InterruptedException | RuntimeException e) {
      redis.close();
      throw e;
    }
  }

  /**
   * Runs {@code call}, retrying while it fails transiently; blocks the caller meanwhile.
   *
   * @param what what the call does, for the message when it gives up ("write 1000 updates ...")
   */
  <T> T call(String what, Call<T> call) throws IOException, InterruptedException {
    Backoff.Attempts attempts = backoff.start();
    while (true) {
      try {
        if (client == null) {
          client = options.openClient();
        }
        return call.run(client);
      } catch (JedisException e) {
        if (TransientFailures.isAuthentication(e)) {
          throw new OnlineStoreException("Redis at " + options.address() + " refused the credentials of user '"
              + options.authUser() + "' (" + (options.hasPassword() ? "a password was sent" : "no password was sent")
              + "): " + e.getMessage() + ". Check the options " + RedisOptions.USER.key() + " and "
              + RedisOptions.PASSWORD.key() + " against the server's requirepass or ACL.", e);
        }
        if (!TransientFailures.isTransient(e)) {
          throw new OnlineStoreException("Redis at " + options.address() + " failed to " + what + ": "
              + e.getMessage(), e);
        }
        if (!attempts.pause()) {
          throw new OnlineStoreException("Redis at " + options.address() + " stayed unavailable for "
              + backoff.giveUpAfter() + " (" + attempts.failures() + " attempts) to " + what + "; last error: "
              + e.getMessage() + ". Check that Redis is up and reachable from this task manager; to ride out"
              + " longer outages raise " + RedisOptions.RETRY_GIVE_UP.key() + ".", e);
        }
        retries++;
        if (client != null && options.clusterMode()) {
          // A cluster client caches the topology it discovered at start; after a failover, rebuild it.
          client.close();
          client = null;
        }
      }
    }
  }

  /** Retries so far, over all calls. */
  long retries() {
    return retries;
  }

  RedisOptions options() {
    return options;
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  /** One attempt at a call; may throw Jedis's unchecked exceptions, which decide about retrying. */
  @FunctionalInterface
  interface Call<T> {
    T run(UnifiedJedis client) throws IOException;
  }
}
