package dev.tributary.core.config;

import dev.tributary.core.config.ConfigKey.Kind;
import java.util.List;
import java.util.Optional;

/**
 * Every key of {@code tributary.yaml}, the one list that the reader checks files against and that
 * docs/configuration.md documents. Redis keys are named as {@code RedisOptions} names its options,
 * except {@code redis.tls.enabled} (YAML cannot give {@code redis.tls} both a value and children).
 */
public final class ConfigKeys {
  private ConfigKeys() {}

  public static final List<ConfigKey> ALL =
      List.of(
          key(
              "kafka.bootstrap-servers",
              Kind.TEXT,
              null,
              "Kafka brokers (HOST:PORT,...) of every topic: sources, requests, predictions, labels,"
                  + " the control topic and dead letters"),
          key(
              "kafka.properties.*",
              Kind.PROPERTIES,
              null,
              "any Kafka client property (security.protocol, ssl.truststore.location,"
                  + " sasl.mechanism, sasl.jaas.config, ...), given to every consumer, producer and"
                  + " admin client: sources, sinks and dead letters alike"),
          key(
              "redis.host",
              Kind.TEXT,
              null,
              "Redis host of the online store (a seed node with redis.cluster)"),
          key("redis.port", Kind.INTEGER, "6379", "Redis port"),
          key(
              "redis.cluster",
              Kind.BOOLEAN,
              "false",
              "talk to a Redis Cluster through redis.host:redis.port as seed"),
          key(
              "redis.nodes",
              Kind.LIST,
              null,
              "Redis Cluster seed nodes HOST:PORT, several so that one down does not stop the"
                  + " start; set, they replace redis.host and redis.port and imply redis.cluster"),
          key("redis.user", Kind.TEXT, null, "ACL user for AUTH (unset: the default user)"),
          key("redis.password", Kind.SECRET, null, "password for AUTH (unset: no AUTH)"),
          key("redis.tls.enabled", Kind.BOOLEAN, "false", "connect over TLS"),
          key(
              "redis.tls.truststore",
              Kind.TEXT,
              null,
              "trust store file with the CA of the server's certificate (unset: the JVM's)"),
          key("redis.tls.truststore-password", Kind.SECRET, null, "password of the trust store"),
          key("redis.tls.truststore-type", Kind.TEXT, "PKCS12", "PKCS12 or JKS"),
          key(
              "redis.tls.verify-hostname",
              Kind.BOOLEAN,
              "true",
              "check that the server's certificate names the host (false: only that a trusted CA"
                  + " signed it)"),
          key("redis.pool-size", Kind.INTEGER, "8", "most connections per client"),
          key("redis.connect-timeout", Kind.DURATION, "2s", "timeout to open a connection"),
          key("redis.socket-timeout", Kind.DURATION, "5s", "timeout for a reply"),
          key("catalog.name", Kind.TEXT, "tributary", "Iceberg catalog name"),
          key(
              "catalog.properties.*",
              Kind.PROPERTIES,
              null,
              "Iceberg catalog properties (type, uri, warehouse, jdbc.user, jdbc.password, ...);"
                  + " unset: the local JDBC catalog on SQLite in --data-dir"),
          key(
              "triton.endpoints",
              Kind.LIST,
              null,
              "Triton gRPC endpoints HOST:PORT (calls go round-robin)"),
          key(
              "triton.tls.enabled",
              Kind.BOOLEAN,
              "false",
              "talk to Triton over TLS (on when triton.tls.ca or triton.tls.cert is set)"),
          key(
              "triton.tls.ca",
              Kind.TEXT,
              null,
              "PEM file of the CA that signed the servers' certificates (unset: the JVM's)"),
          key(
              "triton.tls.cert",
              Kind.TEXT,
              null,
              "PEM file of the client's certificate chain, for mTLS"),
          key(
              "triton.tls.key",
              Kind.TEXT,
              null,
              "PEM file of the client's PKCS#8 private key, for mTLS"),
          key(
              "triton.tls.authority",
              Kind.TEXT,
              null,
              "host name to check the servers' certificates against instead of the endpoint's"),
          key(
              "openlineage.target",
              Kind.TEXT,
              null,
              "where the jobs' OpenLineage run events go besides registry.lineage: an HTTP"
                  + " endpoint (Marquez's http://HOST:5000/api/v1/lineage) or a file, one JSON"
                  + " event per line (unset: none)"),
          key(
              "flink.jobmanager",
              Kind.TEXT,
              null,
              "REST endpoint HOST:PORT of a Flink cluster (unset: a local MiniCluster)"),
          key("flink.parallelism", Kind.INTEGER, "2", "job parallelism"),
          key(
              "flink.checkpoints.interval",
              Kind.DURATION,
              "10s",
              "checkpoint (and Iceberg commit) interval"),
          key(
              "flink.checkpoints.dir",
              Kind.TEXT,
              "tributary-data/checkpoints",
              "where local runs keep checkpoints"),
          key(
              "flink.properties.*",
              Kind.PROPERTIES,
              null,
              "any Flink configuration option (state.backend.type, restart-strategy.type, ...)"));

  /** The key that covers {@code name}, if any. */
  public static Optional<ConfigKey> find(String name) {
    return ALL.stream().filter(key -> key.covers(name)).findFirst();
  }

  private static ConfigKey key(String name, Kind kind, String defaultValue, String description) {
    return new ConfigKey(name, kind, defaultValue, description);
  }
}
