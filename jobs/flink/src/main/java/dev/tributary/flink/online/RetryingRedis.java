package dev.tributary.flink.online;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A Redis client whose calls are retried with backoff while Redis is unreachable, and whose other
 * failures become an {@link OnlineStoreException} that says what to check.
 *
 * <p>Thread-safe: concurrent calls share one pooled client.
 *
 * <p>Retrying is safe for the online store because every write is conditional on its as-of time
 * (see {@link MonotonicWriteScript}): sending an update twice stores it once.
 */
final class RetryingRedis implements AutoCloseable {
  private final RedisOptions options;
  private final Backoff backoff;
  private final AtomicLong retries = new AtomicLong();
  private UnifiedJedis client;

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
      UnifiedJedis current = null;
      try {
        current = client();
        return call.run(current);
      } catch (JedisException e) {
        if (TransientFailures.isAuthentication(e)) {
          throw new OnlineStoreException(
              "Redis at "
                  + options.address()
                  + " refused the credentials of user '"
                  + options.authUser()
                  + "' ("
                  + (options.hasPassword() ? "a password was sent" : "no password was sent")
                  + "): "
                  + e.getMessage()
                  + ". Check the options "
                  + RedisOptions.USER.key()
                  + " and "
                  + RedisOptions.PASSWORD.key()
                  + " against the server's requirepass or ACL.",
              e);
        }
        if (TransientFailures.isTlsHandshake(e)) {
          throw new OnlineStoreException(
              "The TLS handshake with Redis at "
                  + options.address()
                  + " failed: "
                  + e.getMessage()
                  + ". Check that "
                  + RedisOptions.TRUSTSTORE.key()
                  + " holds the CA that signed the"
                  + " server's certificate and that the certificate names the host (or set "
                  + RedisOptions.VERIFY_HOSTNAME.key()
                  + ": false to check the CA only).",
              e);
        }
        if (!TransientFailures.isTransient(e)) {
          throw new OnlineStoreException(
              "Redis at " + options.address() + " failed to " + what + ": " + e.getMessage(), e);
        }
        if (!attempts.pause()) {
          throw new OnlineStoreException(
              "Redis at "
                  + options.address()
                  + " stayed unavailable for "
                  + backoff.giveUpAfter()
                  + " ("
                  + attempts.failures()
                  + " attempts) to "
                  + what
                  + "; last error: "
                  + e.getMessage()
                  + ". Check that Redis is up and reachable from this task manager; to ride out"
                  + " longer outages raise "
                  + RedisOptions.RETRY_GIVE_UP.key()
                  + ".",
              e);
        }
        retries.incrementAndGet();
        if (options.clusterMode()) {
          // A cluster client caches the topology it discovered at start; after a failover, rebuild
          // it.
          discard(current);
        }
      }
    }
  }

  /** Retries so far, over all calls. */
  long retries() {
    return retries.get();
  }

  RedisOptions options() {
    return options;
  }

  @Override
  public synchronized void close() {
    discard(client);
  }

  /** The client, opened on first use (opening a cluster client already needs a reachable node). */
  private synchronized UnifiedJedis client() {
    if (client == null) {
      client = options.openClient();
    }
    return client;
  }

  /**
   * Closes {@code broken} if it is still the current client; concurrent callers may have replaced
   * it.
   */
  private synchronized void discard(UnifiedJedis broken) {
    if (broken != null && broken == client) {
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
