package dev.tributary.embedded;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidMetadataException;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker running inside this JVM: one node in KRaft combined mode (broker and
 * controller in one), listening on a random free port of localhost.
 *
 * <p>Built on Kafka's own {@code KafkaClusterTestKit}, the harness Kafka uses for its integration
 * tests, so clients talk to the real broker code over the real wire protocol, with no Docker and no
 * ZooKeeper. The test kit is an internal Kafka module whose API changes between releases: this
 * class is the only place that touches it, and {@code kafka.version} pins it.
 *
 * <p>Every internal topic uses replication factor 1 because there is only one broker; with the
 * defaults (3) consumer groups and transactions would wait forever for replicas.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final String LISTENER = "external";

  private final KafkaClusterTestKit cluster;
  private final Map<String, String> clientProperties;

  private EmbeddedKafka(KafkaClusterTestKit cluster, Map<String, String> clientProperties) {
    this.cluster = cluster;
    this.clientProperties = clientProperties;
  }

  /** Formats the log folder, starts the node and returns once the broker accepts clients. */
  public static EmbeddedKafka start() {
    return start(SecurityProtocol.PLAINTEXT, Map.of(), Map.of());
  }

  /**
   * A broker as production runs it: its one client listener speaks SASL_SSL, with a certificate
   * {@code ca} signs and SASL/PLAIN where only {@code user} with {@code password} (and the broker's
   * own inter-broker user) may log in. {@link #clientProperties()} are what a client needs.
   */
  public static EmbeddedKafka startSecure(CertificateAuthority ca, String user, String password) {
    CertificateAuthority.Issued broker = ca.issue("kafka-broker");
    String brokerPassword = "broker-" + Long.toHexString(System.nanoTime());
    String prefix = "listener.name." + LISTENER + ".";
    Map<String, String> server = new java.util.LinkedHashMap<>();
    // The test kit builds only PLAINTEXT and SASL_PLAINTEXT listeners; its own settings yield to
    // ours, so the SASL listener it builds is mapped to SASL_SSL here.
    server.put(
        "listener.security.protocol.map",
        LISTENER.toUpperCase(java.util.Locale.ROOT) + ":SASL_SSL,CONTROLLER:PLAINTEXT");
    // No authorizer: the test kit would install one that refuses the controller's own
    // plain-text registration; who may connect at all is what SASL decides here.
    server.put("authorizer.class.name", "");
    server.put("sasl.enabled.mechanisms", "PLAIN");
    server.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
    server.put(
        prefix + "plain.sasl.jaas.config",
        plainLogin(
            "broker",
            brokerPassword,
            " user_broker=\"" + brokerPassword + "\" user_" + user + "=\"" + password + "\""));
    server.put("ssl.keystore.location", broker.keyStore().toString());
    server.put("ssl.keystore.password", CertificateAuthority.STORE_PASSWORD);
    server.put("ssl.keystore.type", "PKCS12");
    server.put("ssl.truststore.location", ca.trustStore().toString());
    server.put("ssl.truststore.password", CertificateAuthority.STORE_PASSWORD);
    server.put("ssl.truststore.type", "PKCS12");
    Map<String, String> client = new java.util.LinkedHashMap<>();
    client.put("security.protocol", "SASL_SSL");
    client.put("sasl.mechanism", "PLAIN");
    client.put("sasl.jaas.config", plainLogin(user, password, ""));
    client.put("ssl.truststore.location", ca.trustStore().toString());
    client.put("ssl.truststore.password", CertificateAuthority.STORE_PASSWORD);
    client.put("ssl.truststore.type", "PKCS12");
    return start(SecurityProtocol.SASL_PLAINTEXT, server, Map.copyOf(client));
  }

  /** A SASL/PLAIN JAAS line logging in as {@code user}; a broker's also lists its users. */
  private static String plainLogin(String user, String password, String users) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\""
        + users
        + ";";
  }

  private static EmbeddedKafka start(
      SecurityProtocol protocol, Map<String, String> serverConfig, Map<String, String> client) {
    KafkaClusterTestKit cluster = null;
    try {
      TestKitNodes nodes =
          new TestKitNodes.Builder()
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1)
              .setBrokerListenerName(new ListenerName(LISTENER.toUpperCase(java.util.Locale.ROOT)))
              .setBrokerSecurityProtocol(protocol)
              .build();
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
      serverConfig.forEach(builder::setConfigProp);
      cluster =
          builder
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("offsets.topic.num.partitions", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("transaction.state.log.num.partitions", "1")
              .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
              .setConfigProp("share.coordinator.state.topic.min.isr", "1")
              .setConfigProp("default.replication.factor", "1")
              .setConfigProp("min.insync.replicas", "1")
              // A lone consumer should get its partitions at once, not after 3 s.
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .build();
      formatQuietly(cluster);
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new EmbeddedKafka(cluster, client);
    } catch (Exception e) {
      closeQuietly(cluster, e);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException(
          "Cannot start the embedded Kafka broker: " + e.getMessage(), e);
    }
  }

  /**
   * Kafka's storage formatter prints its bootstrap records to standard output; in the demo that
   * output is the user's, so it is swallowed (errors still surface as exceptions).
   */
  private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
    java.io.PrintStream stdout = System.out;
    System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    try {
      cluster.format();
    } finally {
      System.setOut(stdout);
    }
  }

  /** {@code host:port} of the broker, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /**
   * What a client needs besides {@code bootstrap.servers}: TLS and SASL settings for a {@link
   * #startSecure} broker, nothing for a plain one.
   */
  public Map<String, String> clientProperties() {
    return clientProperties;
  }

  /**
   * Creates a topic with replication factor 1 and waits until the broker has it, so a producer or
   * consumer created right after never races the metadata update.
   */
  public void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  /**
   * Creates a topic with topic-level configuration, e.g. {@code cleanup.policy=compact} for a
   * control topic whose latest value per key is its state.
   */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
          .all()
          .get();
      awaitLeaders(admin, name);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Cannot create topic '"
              + name
              + "' with "
              + partitions
              + " partitions and configs "
              + configs
              + " on "
              + bootstrapServers()
              + ": "
              + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topic '" + name + "'", e);
    }
  }

  /**
   * Waits until every partition of the topic has a leader that takes requests. The controller
   * acknowledges a creation before the broker has applied it, and the broker's metadata names a
   * leader before its replica manager acts as one; a producer that writes in between gets
   * NOT_LEADER_OR_FOLLOWER and, with idempotence, can loop on out-of-order sequences until its
   * delivery timeout (seen in CI). Listing the partitions' end offsets is answered by the leader
   * replica only, so once it succeeds, produce requests are too.
   */
  private static void awaitLeaders(Admin admin, String name)
      throws ExecutionException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        TopicDescription topic =
            admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
        if (topic.partitions().stream()
            .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
          Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
          topic
              .partitions()
              .forEach(p -> ends.put(new TopicPartition(name, p.partition()), OffsetSpec.latest()));
          admin.listOffsets(ends).all().get();
          return;
        }
      } catch (ExecutionException notLeaderYet) {
        if (!(notLeaderYet.getCause() instanceof InvalidMetadataException)) {
          throw notLeaderYet;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Topic '" + name + "' has no working leader after 60 s");
      }
      Thread.sleep(20);
    }
  }

  /**
   * Shuts the broker down (a controlled shutdown, as a rolling restart does) and returns once it
   * has stopped; its controller keeps running. Clients see the broker gone until {@link
   * #startBroker()}.
   */
  public void stopBroker() {
    BrokerServer broker = onlyBroker();
    broker.shutdown();
    broker.awaitShutdown();
  }

  /**
   * Starts the stopped broker again on the same port and log folder (the test kit keeps its
   * listener's port for the node) and waits until every topic's partitions have a leader again.
   */
  public void startBroker() {
    onlyBroker().startup();
    try (Admin admin = admin()) {
      for (String topic : admin.listTopics().names().get()) {
        awaitLeaders(admin, topic);
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "The restarted broker on " + bootstrapServers() + " does not list its topics", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while the broker restarted", e);
    }
  }

  /** An admin client of the broker, with its {@link #clientProperties()}. */
  private Admin admin() {
    Map<String, Object> config = new java.util.HashMap<>(clientProperties);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return Admin.create(config);
  }

  private BrokerServer onlyBroker() {
    return cluster.brokers().values().iterator().next();
  }

  /** Stops the broker and deletes its log folder. */
  @Override
  public void close() throws Exception {
    cluster.close();
  }

  private static void closeQuietly(KafkaClusterTestKit cluster, Exception cause) {
    if (cluster == null) {
      return;
    }
    try {
      cluster.close();
    } catch (Exception e) {
      cause.addSuppressed(e);
    }
  }
}
