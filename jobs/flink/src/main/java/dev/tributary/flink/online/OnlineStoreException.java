package dev.tributary.flink.online;

import java.io.IOException;

/**
 * The online store could not do what was asked: Redis stayed unreachable past the give-up time,
 * rejected the credentials, or refused a write. The message names the Redis address and, for a
 * write, the key, and says what to check.
 */
public final class OnlineStoreException extends IOException {
  private static final long serialVersionUID = 1L;

  OnlineStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
