package dev.tributary.flink.online;

import java.io.File;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.UnifiedJedis;

/**
 * Where the online store is and how to talk to it: a serializable loader that travels with the job
 * graph and opens the real client only where it runs ({@link #openClient()}, called from the sink
 * writer's creation on the task manager), like Iceberg's {@code CatalogLoader}.
 *
 * <p>Every setting is a documented {@link ConfigOption}; {@link #fromConfiguration} is the one
 * place that resolves them (an option set in the job configuration, else its default), and {@link
 * #builder} sets them from code. The password is part of the job graph like any other option: in
 * production pass it from a secret into the job configuration, never into source code.
 */
public final class RedisOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final ConfigOption<String> HOST =
      ConfigOptions.key("redis.host")
          .stringType()
          .defaultValue("127.0.0.1")
          .withDescription("Redis host; with redis.cluster, any node of the cluster.");
  public static final ConfigOption<Integer> PORT =
      ConfigOptions.key("redis.port").intType().defaultValue(6379).withDescription("Redis port.");
  public static final ConfigOption<Boolean> CLUSTER =
      ConfigOptions.key("redis.cluster")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Talk to a Redis Cluster: host:port is a seed node, the client"
                  + " discovers the others and routes each key to its slot (the entity key is the hash tag).");
  public static final ConfigOption<List<String>> NODES =
      ConfigOptions.key("redis.nodes")
          .stringType()
          .asList()
          .noDefaultValue()
          .withDescription(
              "Redis Cluster seed nodes HOST:PORT. Set, they replace redis.host and redis.port and"
                  + " imply redis.cluster: the client starts from the first seed that answers, so"
                  + " one node down or replaced does not stop a job from starting.");
  public static final ConfigOption<String> USER =
      ConfigOptions.key("redis.user")
          .stringType()
          .noDefaultValue()
          .withDescription("ACL user for AUTH; unset means the 'default' user.");
  public static final ConfigOption<String> PASSWORD =
      ConfigOptions.key("redis.password")
          .stringType()
          .noDefaultValue()
          .withDescription("Password for AUTH; unset means no AUTH.");
  public static final ConfigOption<Boolean> TLS =
      ConfigOptions.key("redis.tls")
          .booleanType()
          .defaultValue(false)
          .withDescription("Connect over TLS (rediss://).");
  public static final ConfigOption<String> TRUSTSTORE =
      ConfigOptions.key("redis.tls.truststore")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Truststore file with the CA of the server's certificate; unset means"
                  + " the JVM's default truststore.");
  public static final ConfigOption<String> TRUSTSTORE_PASSWORD =
      ConfigOptions.key("redis.tls.truststore-password")
          .stringType()
          .noDefaultValue()
          .withDescription("Password of the truststore, if it has one.");
  public static final ConfigOption<String> TRUSTSTORE_TYPE =
      ConfigOptions.key("redis.tls.truststore-type")
          .stringType()
          .defaultValue("PKCS12")
          .withDescription("Truststore format: PKCS12 or JKS.");
  public static final ConfigOption<Boolean> VERIFY_HOSTNAME =
      ConfigOptions.key("redis.tls.verify-hostname")
          .booleanType()
          .defaultValue(true)
          .withDescription(
              "Check that the server certificate names the host"
                  + " (off: only check that a trusted CA signed it, for servers reached by IP address).");
  public static final ConfigOption<Integer> POOL_SIZE =
      ConfigOptions.key("redis.pool-size")
          .intType()
          .defaultValue(8)
          .withDescription(
              "Most connections per client (per node in a cluster). A sink writer"
                  + " uses one at a time; readers serving several threads need more.");
  public static final ConfigOption<Duration> CONNECT_TIMEOUT =
      ConfigOptions.key("redis.connect-timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(2))
          .withDescription("Timeout to open a connection.");
  public static final ConfigOption<Duration> SOCKET_TIMEOUT =
      ConfigOptions.key("redis.socket-timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(5))
          .withDescription(
              "Timeout for a reply, also of a"
                  + " whole pipelined batch's replies; also how long to wait for a free pooled connection.");
  public static final ConfigOption<Duration> RETRY_INITIAL_BACKOFF =
      ConfigOptions.key("redis.retry.initial-backoff")
          .durationType()
          .defaultValue(Duration.ofMillis(100))
          .withDescription(
              "First pause after a failed attempt;"
                  + " each further pause doubles, up to redis.retry.max-backoff.");
  public static final ConfigOption<Duration> RETRY_MAX_BACKOFF =
      ConfigOptions.key("redis.retry.max-backoff")
          .durationType()
          .defaultValue(Duration.ofSeconds(5))
          .withDescription("Longest pause between attempts.");
  public static final ConfigOption<Duration> RETRY_GIVE_UP =
      ConfigOptions.key("redis.retry.give-up-after")
          .durationType()
          .defaultValue(Duration.ofMinutes(5))
          .withDescription(
              "How long a batch keeps retrying while"
                  + " Redis is unreachable before the writer fails (and with it the job, which then restarts from its"
                  + " last checkpoint). Meanwhile the caller blocks, which backpressures the job.");
  public static final ConfigOption<Integer> BATCH_SIZE =
      ConfigOptions.key("redis.sink.batch-size")
          .intType()
          .defaultValue(1000)
          .withDescription("Updates per pipelined batch of the sink.");
  public static final ConfigOption<Duration> FLUSH_INTERVAL =
      ConfigOptions.key("redis.sink.flush-interval")
          .durationType()
          .defaultValue(Duration.ofMillis(100))
          .withDescription(
              "Longest an update waits in the sink's"
                  + " buffer before it is written, when fewer than a batch arrive.");

  private final String host;
  private final int port;
  private final ArrayList<String> nodes;
  private final boolean cluster;
  private final String user;
  private final String password;
  private final boolean tls;
  private final String truststore;
  private final String truststorePassword;
  private final String truststoreType;
  private final boolean verifyHostname;
  private final int poolSize;
  private final Duration connectTimeout;
  private final Duration socketTimeout;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration giveUpAfter;
  private final int batchSize;
  private final Duration flushInterval;

  private RedisOptions(ReadableConfig config) {
    host = config.get(HOST);
    port = config.get(PORT);
    nodes = new ArrayList<>(config.getOptional(NODES).orElse(List.of()));
    cluster = config.get(CLUSTER) || !nodes.isEmpty();
    user = config.get(USER);
    password = config.get(PASSWORD);
    tls = config.get(TLS);
    truststore = config.get(TRUSTSTORE);
    truststorePassword = config.get(TRUSTSTORE_PASSWORD);
    truststoreType = config.get(TRUSTSTORE_TYPE);
    verifyHostname = config.get(VERIFY_HOSTNAME);
    poolSize = config.get(POOL_SIZE);
    connectTimeout = config.get(CONNECT_TIMEOUT);
    socketTimeout = config.get(SOCKET_TIMEOUT);
    initialBackoff = config.get(RETRY_INITIAL_BACKOFF);
    maxBackoff = config.get(RETRY_MAX_BACKOFF);
    giveUpAfter = config.get(RETRY_GIVE_UP);
    batchSize = config.get(BATCH_SIZE);
    flushInterval = config.get(FLUSH_INTERVAL);
    sanityCheck();
  }

  /** The options of a job configuration; unset ones take their defaults. */
  public static RedisOptions fromConfiguration(ReadableConfig config) {
    return new RedisOptions(config);
  }

  /** Options for a server at {@code host:port}; everything else starts at its default. */
  public static Builder builder(String host, int port) {
    return new Builder().set(HOST, host).set(PORT, port);
  }

  /** Opens a pooled client (a cluster client with {@link #CLUSTER}); the caller closes it. */
  public UnifiedJedis openClient() {
    DefaultJedisClientConfig.Builder client =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(millis(connectTimeout))
            .socketTimeoutMillis(millis(socketTimeout))
            .clientName("tributary-online-store")
            .user(user)
            .password(password);
    if (tls) {
      client.sslOptions(sslOptions()); // implies TLS; Jedis deprecated ssl(true)
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(poolSize);
    pool.setMaxIdle(poolSize);
    pool.setMaxWait(socketTimeout);
    if (cluster) {
      Set<HostAndPort> seeds = new LinkedHashSet<>();
      if (nodes.isEmpty()) {
        seeds.add(new HostAndPort(host, port));
      }
      nodes.forEach(node -> seeds.add(hostAndPort(node)));
      return RedisClusterClient.builder()
          .nodes(seeds)
          .clientConfig(client.build())
          .poolConfig(pool)
          .build();
    }
    return RedisClient.builder()
        .hostAndPort(host, port)
        .clientConfig(client.build())
        .poolConfig(pool)
        .build();
  }

  /** {@code redis://host:port} or {@code rediss://host:port} (never the password), for messages. */
  public String address() {
    return (tls ? "rediss://" : "redis://")
        + (nodes.isEmpty() ? host + ":" + port : String.join(",", nodes))
        + (cluster ? " (cluster)" : "");
  }

  /** A {@code HOST:PORT} of {@link #NODES}; null when it is not one. */
  private static HostAndPort hostAndPort(String node) {
    int colon = node.lastIndexOf(':');
    if (colon <= 0 || !node.substring(colon + 1).matches("\\d{1,5}")) {
      return null;
    }
    int port = Integer.parseInt(node.substring(colon + 1));
    return port > 0 && port < 65536 ? new HostAndPort(node.substring(0, colon), port) : null;
  }

  /** The ACL user that AUTH names, for messages. */
  String authUser() {
    return user == null ? "default" : user;
  }

  boolean clusterMode() {
    return cluster;
  }

  boolean hasPassword() {
    return password != null;
  }

  Backoff backoff() {
    return new Backoff(initialBackoff, maxBackoff, giveUpAfter);
  }

  public int batchSize() {
    return batchSize;
  }

  public Duration flushInterval() {
    return flushInterval;
  }

  private SslOptions sslOptions() {
    SslOptions.Builder ssl =
        SslOptions.builder().sslVerifyMode(verifyHostname ? SslVerifyMode.FULL : SslVerifyMode.CA);
    if (truststore != null) {
      File file = new File(truststore);
      ssl.trustStoreType(truststoreType);
      if (truststorePassword == null) {
        ssl.truststore(file);
      } else {
        ssl.truststore(file, truststorePassword.toCharArray());
      }
    }
    return ssl.build();
  }

  private void sanityCheck() {
    Objects.requireNonNull(host, HOST.key());
    check(port > 0 && port < 65536, PORT, port);
    for (String node : nodes) {
      check(hostAndPort(node) != null, NODES, node + " (not HOST:PORT)");
    }
    check(poolSize > 0, POOL_SIZE, poolSize);
    check(batchSize > 0, BATCH_SIZE, batchSize);
    check(positive(connectTimeout), CONNECT_TIMEOUT, connectTimeout);
    check(positive(socketTimeout), SOCKET_TIMEOUT, socketTimeout);
    check(positive(initialBackoff), RETRY_INITIAL_BACKOFF, initialBackoff);
    check(
        maxBackoff.compareTo(initialBackoff) >= 0,
        RETRY_MAX_BACKOFF,
        maxBackoff + " (below " + RETRY_INITIAL_BACKOFF.key() + " " + initialBackoff + ")");
    check(!giveUpAfter.isNegative(), RETRY_GIVE_UP, giveUpAfter);
    check(positive(flushInterval), FLUSH_INTERVAL, flushInterval);
    check(truststore == null || tls, TRUSTSTORE, truststore + " without " + TLS.key() + ": true");
    check(
        truststore == null || new File(truststore).canRead(),
        TRUSTSTORE,
        truststore + " (not a readable file)");
  }

  private static boolean positive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }

  private static void check(boolean ok, ConfigOption<?> option, Object value) {
    if (!ok) {
      throw new IllegalArgumentException(
          "Invalid Redis option "
              + option.key()
              + ": "
              + value
              + "; see RedisOptions for what it means");
    }
  }

  private static int millis(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
  }

  @Override
  public String toString() {
    return "RedisOptions["
        + address()
        + ", user "
        + authUser()
        + (password == null ? "" : ", password ***")
        + ", pool "
        + poolSize
        + ", batch "
        + batchSize
        + "]";
  }

  /** Sets options from code; {@link #build()} checks them all at once. */
  public static final class Builder {
    private final Configuration config = new Configuration();

    private Builder() {}

    /** Any of the options above. */
    public <T> Builder set(ConfigOption<T> option, T value) {
      config.set(option, value);
      return this;
    }

    /** AUTH as {@code user} (null for the default user) with {@code password}. */
    public Builder auth(String user, String password) {
      if (user != null) {
        config.set(USER, user);
      }
      return set(PASSWORD, password);
    }

    /** TLS trusting the CA certificates in {@code truststore} (PKCS12 unless set otherwise). */
    public Builder tls(String truststore, String truststorePassword) {
      set(TLS, true).set(TRUSTSTORE, truststore);
      if (truststorePassword != null) {
        set(TRUSTSTORE_PASSWORD, truststorePassword);
      }
      return this;
    }

    /** Pauses from {@code initial} doubling up to {@code max}; fail after {@code giveUpAfter}. */
    public Builder retries(Duration initial, Duration max, Duration giveUpAfter) {
      return set(RETRY_INITIAL_BACKOFF, initial)
          .set(RETRY_MAX_BACKOFF, max)
          .set(RETRY_GIVE_UP, giveUpAfter);
    }

    public RedisOptions build() {
      return new RedisOptions(config);
    }
  }
}
