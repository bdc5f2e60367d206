package dev.tributary.embedded.junit;

import dev.tributary.embedded.EmbeddedRedis;

/** An {@link EmbeddedRedis} server per test class, optionally with a password. */
public final class RedisExtension extends ServiceExtension<EmbeddedRedis> {

  private final String password;

  /** A server without a password. */
  public RedisExtension() {
    this(null);
  }

  /** A server that requires {@code AUTH password}. */
  public RedisExtension(String password) {
    this.password = password;
  }

  @Override
  protected EmbeddedRedis start() {
    return EmbeddedRedis.start(password);
  }

  public String host() {
    return service().host();
  }

  public int port() {
    return service().port();
  }
}
