package dev.tributary.flink.online;

import javax.net.ssl.SSLHandshakeException;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Which Redis failures pass by themselves and are worth retrying: a lost or refused connection, a
 * cluster that is re-sharding or electing a new primary, a server still loading its data or busy
 * with a script, a replica that has not yet been promoted. Everything else (a wrong password, an
 * untrusted certificate, a key of another type, a script error) fails the same way every time and
 * is reported at once.
 */
final class TransientFailures {
  private static final String[] TRANSIENT_REPLIES = {
    "LOADING", "BUSY", "READONLY", "TRYAGAIN", "CLUSTERDOWN", "MASTERDOWN", "MOVED", "ASK"
  };

  private TransientFailures() {}

  static boolean isTransient(Throwable failure) {
    if (isTlsHandshake(failure)) {
      return false;
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof JedisAccessControlException) {
        return false;
      }
      if (cause instanceof JedisConnectionException
          || cause instanceof JedisClusterOperationException) {
        return true;
      }
      if (cause instanceof JedisDataException && cause.getMessage() != null) {
        for (String reply : TRANSIENT_REPLIES) {
          if (cause.getMessage().startsWith(reply)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * True when the TLS handshake failed: an untrusted certificate or a host name it does not name.
   */
  static boolean isTlsHandshake(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SSLHandshakeException) {
        return true;
      }
    }
    return false;
  }

  /** True when Redis refused the credentials (AUTH failed or is missing). */
  static boolean isAuthentication(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      String message = cause.getMessage() == null ? "" : cause.getMessage();
      if (cause instanceof JedisAccessControlException
          || message.startsWith("WRONGPASS")
          || message.startsWith("NOAUTH")
          || message.contains("invalid password")) {
        return true;
      }
    }
    return false;
  }
}
