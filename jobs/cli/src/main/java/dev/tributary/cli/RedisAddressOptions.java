package dev.tributary.cli;

import dev.tributary.core.config.ConfigKey;
import dev.tributary.core.config.ConfigKeys;
import dev.tributary.core.config.TributaryConfig;
import dev.tributary.flink.online.RedisOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the online store's Redis is and how to reach it: the {@code redis.*} keys of {@code
 * --config}, each overridden by {@code --redis HOST:PORT}, {@code --redis-password REFERENCE} and
 * {@code --redis-tls} when given.
 */
final class RedisAddressOptions {
  @Option(names = "--redis", paramLabel = "HOST:PORT", description = "Redis of the online store")
  String redis;

  @Option(
      names = "--redis-password",
      paramLabel = "REFERENCE",
      description =
          "Redis AUTH password as a reference, '$${env:NAME}' or '$${file:PATH}' (never the password"
              + " itself)")
  String redisPassword;

  @Option(
      names = "--redis-tls",
      description =
          "connect to Redis over TLS, trusting the JVM's CA certificates (ElastiCache in-transit"
              + " encryption; a trust store of your own goes in --config)")
  boolean redisTls;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /**
   * The options, or null when neither {@code --redis} nor {@code redis.host} or {@code redis.nodes}
   * names a server.
   */
  RedisOptions options() {
    TributaryConfig file = ConfigFileOption.of(mixee);
    if (redis == null && file.text("redis.host").isEmpty() && file.list("redis.nodes").isEmpty()) {
      return null;
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (ConfigKey key : ConfigKeys.ALL) {
      if (key.name().startsWith("redis.")) {
        file.text(key.name()).ifPresent(value -> options.put(optionKey(key.name()), value));
      }
    }
    // Flink's list options take their items separated by ';'
    options.computeIfPresent(
        RedisOptions.NODES.key(), (key, value) -> String.join(";", file.list("redis.nodes")));
    if (redis != null) {
      HostPort address = HostPort.parse("--redis", redis);
      options.remove(RedisOptions.NODES.key()); // the flag's one seed wins over the file's
      options.put(RedisOptions.HOST.key(), address.host());
      options.put(RedisOptions.PORT.key(), Integer.toString(address.port()));
    }
    if (redisPassword != null) {
      options.put(
          RedisOptions.PASSWORD.key(),
          ConfigFileOption.secretFlag(mixee, "--redis-password", redisPassword));
    }
    if (redisTls) {
      options.put(RedisOptions.TLS.key(), "true");
    }
    return RedisOptions.fromConfiguration(Configuration.fromMap(options));
  }

  /**
   * The {@link RedisOptions} key of a file key: the same name, but for {@code redis.tls.enabled}
   * (YAML cannot give {@code redis.tls} a value and children at once).
   */
  static String optionKey(String fileKey) {
    return fileKey.equals("redis.tls.enabled") ? RedisOptions.TLS.key() : fileKey;
  }
}
