package dev.tributary.core.config;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How every Kafka client of a job connects: the brokers and the client properties (TLS, SASL,
 * timeouts) that sources, sinks, dead letters and admin clients alike are given. Serializable, as
 * it travels in the job graph; {@link #toString()} hides the values of secret properties.
 *
 * @param bootstrapServers {@code HOST:PORT[,...]}
 * @param properties Kafka client properties, resolved; empty for a plain-text broker
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> properties)
    implements Serializable {

  public KafkaConnection {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException(
          "no Kafka brokers: give --bootstrap-servers or kafka.bootstrap-servers in --config");
    }
    properties = Map.copyOf(new TreeMap<>(properties));
  }

  /** A broker reached without client properties (plain text, no authentication). */
  public static KafkaConnection plain(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, Map.of());
  }

  /**
   * The client properties, {@code bootstrap.servers} included: what a Kafka client is built from.
   */
  public Properties clientProperties() {
    Properties all = new Properties();
    all.putAll(properties);
    all.put("bootstrap.servers", bootstrapServers);
    return all;
  }

  /** The client properties alone, for connector builders that set the brokers themselves. */
  public Properties extraProperties() {
    Properties extra = new Properties();
    extra.putAll(properties);
    return extra;
  }

  @Override
  public String toString() {
    return "Kafka "
        + bootstrapServers
        + new TreeMap<>(properties)
            .entrySet().stream()
                .map(e -> e.getKey() + "=" + (secret(e.getKey()) ? "***" : e.getValue()))
                .collect(Collectors.joining(", ", " {", "}"));
  }

  private static boolean secret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return ConfigKeys.find("kafka.properties." + lower).map(k -> k.secret(lower)).orElse(true);
  }
}
