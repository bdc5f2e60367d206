package dev.tributary.cli;

import dev.tributary.flink.online.RedisOptions;
import picocli.CommandLine.Option;

/** Where the online store (Redis) is: shared by the jobs that write or read it. */
final class OnlineStoreOptions {
  @Option(names = "--redis", paramLabel = "HOST:PORT", description = "Redis of the online store")
  String redis;

  @Option(names = "--redis-password", paramLabel = "PASSWORD", description = "Redis AUTH password")
  String redisPassword;

  /** The options, or null when no --redis was given. */
  RedisOptions options() {
    if (redis == null) {
      return null;
    }
    String[] hostPort = redis.split(":", 2);
    RedisOptions.Builder builder = RedisOptions.builder(hostPort[0], Integer.parseInt(hostPort[1]));
    if (redisPassword != null) {
      builder.auth(null, redisPassword);
    }
    return builder.build();
  }
}
