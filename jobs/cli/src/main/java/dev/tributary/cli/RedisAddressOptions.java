package dev.tributary.cli;

import dev.tributary.flink.online.RedisOptions;
import picocli.CommandLine.Option;

/**
 * Where the online store's Redis is: {@code --redis HOST:PORT [--redis-password P] [--redis-tls]}.
 */
final class RedisAddressOptions {
  @Option(names = "--redis", paramLabel = "HOST:PORT", description = "Redis of the online store")
  String redis;

  @Option(names = "--redis-password", paramLabel = "PASSWORD", description = "Redis AUTH password")
  String redisPassword;

  @Option(
      names = "--redis-tls",
      description =
          "connect to Redis over TLS, trusting the JVM's CA certificates (ElastiCache in-transit "
              + "encryption)")
  boolean redisTls;

  /** The options, or null when {@code --redis} was not given. */
  RedisOptions options() {
    if (redis == null) {
      return null;
    }
    HostPort address = HostPort.parse("--redis", redis);
    RedisOptions.Builder builder = RedisOptions.builder(address.host(), address.port());
    if (redisPassword != null) {
      builder.auth(null, redisPassword);
    }
    if (redisTls) {
      builder.set(RedisOptions.TLS, true);
    }
    return builder.build();
  }
}
