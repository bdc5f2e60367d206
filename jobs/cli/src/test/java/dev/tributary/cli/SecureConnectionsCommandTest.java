package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.testing.ExternalTools;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.embedded.CertificateAuthority;
import dev.tributary.embedded.EmbeddedKafka;
import dev.tributary.embedded.EmbeddedRedis;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.flink.iceberg.HistoryTableScan;
import dev.tributary.flink.online.OnlineLookup;
import dev.tributary.flink.online.OnlineStoreReader;
import dev.tributary.flink.online.RedisOptions;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against production-like servers that take only authenticated TLS clients: a
 * Kafka broker speaking SASL_SSL (PLAIN) and a redis-server with a TLS-only port and an ACL user,
 * both with certificates of a CA the test makes with openssl. Every connection comes from one
 * {@code --config} file whose secrets are {@code ${file:..}} references; the test checks that the
 * jobs reach both servers (events in, history and online values out, a bad record to the
 * dead-letter topic) and that no secret shows in what the commands print or in the logs.
 */
class SecureConnectionsCommandTest {
  private static final String REDIS_PASSWORD = "redis-Secret-7f3a";
  private static final String KAFKA_PASSWORD = "kafka-Secret-91cd";

  @TempDir static Path dir;
  private static CertificateAuthority ca;
  private static EmbeddedKafka kafka;
  private static EmbeddedRedis redis;
  private static Path config;

  @BeforeAll
  static void startSecureServers() throws Exception {
    ExternalTools.assumeOnPath("openssl", "apt-get install openssl", "to make certificates");
    ca = CertificateAuthority.create(Files.createDirectory(dir.resolve("ca")));
    kafka = EmbeddedKafka.startSecure(ca, "tributary", KAFKA_PASSWORD);
    redis = EmbeddedRedis.startSecure(ca, "tributary", REDIS_PASSWORD);
    config = configFile("tributary.yaml", REDIS_PASSWORD);
  }

  @AfterAll
  static void stop() throws Exception {
    if (redis != null) {
      redis.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  /** The connections file, with {@code redisPassword} in a secret file it references. */
  private static Path configFile(String name, String redisPassword) throws Exception {
    Path secrets = Files.createDirectories(dir.resolve("secrets-" + name));
    Files.writeString(secrets.resolve("redis"), redisPassword + "\n");
    Files.writeString(secrets.resolve("kafka"), KAFKA_PASSWORD);
    Files.writeString(secrets.resolve("truststore"), CertificateAuthority.STORE_PASSWORD);
    Path file = dir.resolve(name);
    Files.writeString(
        file,
        """
        kafka:
          bootstrap-servers: %s
          properties:
            security.protocol: SASL_SSL
            sasl.mechanism: PLAIN
            sasl.jaas.config: >-
              org.apache.kafka.common.security.plain.PlainLoginModule required
              username="tributary" password="${file:%s}";
            ssl.truststore.location: %s
            ssl.truststore.type: PKCS12
            ssl.truststore.password: ${file:%s}
        redis:
          host: %s
          port: %d
          user: tributary
          password: ${file:%s}
          tls:
            enabled: true
            truststore: %s
            truststore-password: ${file:%s}
        flink:
          parallelism: 1
          checkpoints:
            interval: 1s
          properties:
            restart-strategy.type: none
        """
            .formatted(
                kafka.bootstrapServers(),
                secrets.resolve("kafka"),
                ca.trustStore(),
                secrets.resolve("truststore"),
                redis.host(),
                redis.port(),
                secrets.resolve("redis"),
                ca.trustStore(),
                secrets.resolve("truststore")));
    return file;
  }

  @Test
  void jobsReachSaslSslKafkaAndTlsAclRedisFromTheConfigFileAndNoSecretShows() throws Exception {
    StringWriter logs = new StringWriter();
    List<CommandRun> runs = new ArrayList<>();
    Path dataDir = dir.resolve("data");
    String defs = Checkout.exampleDefinitions().toString();
    captureLogs(
        logs,
        () -> {
          runs.add(
              plain("replay", defs, "--config", config.toString(), "--to", "2001-01-01T03:00:00Z"));
          publishOneBadRecord();
          runs.add(
              CommandRun.run(
                  dataDir, 0, "materialize", defs, "--config", config.toString(), "--bounded"));
          runs.add(plain("plan", defs, "--config", config.toString()));
        });

    FeatureRepository repository = FeatureRepository.load(Checkout.exampleDefinitions());
    int entities = 0;
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(dataDir.resolve("iceberg"));
        OnlineStoreReader reader = OnlineStoreReader.open(independentRedisOptions())) {
      for (var view : repository.views()) {
        Map<String, ?> history = HistoryTableScan.read(catalog.catalog(), ViewProgram.of(view));
        assertFalse(history.isEmpty(), view.name() + " has history rows");
        for (String entity : history.keySet()) {
          List<Object> keys = new ArrayList<>(List.of((Object[]) entity.split("\\|")));
          assertTrue(
              reader.read(new OnlineLookup(view, keys)).isPresent(),
              view.name() + " " + entity + " is online");
          entities++;
        }
      }
    }
    assertTrue(entities > 10, entities + " entities");
    List<String> deadLetters = deadLetters();
    assertEquals(1, deadLetters.size(), deadLetters.toString());
    assertTrue(deadLetters.get(0).contains("flights"), deadLetters.get(0));

    String plan = runs.get(2).out();
    assertTrue(plan.contains("redis.password = *** (file:"), plan);
    assertTrue(plan.contains("kafka.properties.sasl.jaas.config = *** (file:"), plan);
    StringBuilder shown = new StringBuilder(logs.toString());
    runs.forEach(run -> shown.append(run.out()).append(run.err()));
    assertTrue(logs.toString().contains("INFO"), "the logs were captured");
    assertNoSecret(shown.toString());
  }

  @Test
  void aWrongRedisPasswordFailsTheJobWithoutShowingIt() throws Exception {
    Path wrong = configFile("wrong.yaml", "not-" + REDIS_PASSWORD);
    CommandRun run =
        CommandRun.run(
            dir.resolve("wrong-data"),
            1,
            "materialize",
            Checkout.exampleDefinitions().toString(),
            "--config",
            wrong.toString(),
            "--bounded");
    assertTrue(run.err().startsWith("tributary materialize: "), run.err());
    assertNoSecret(run.out() + run.err());
    assertFalse((run.out() + run.err()).contains("not-" + REDIS_PASSWORD));
  }

  @Test
  void aPasswordOnTheCommandLineIsRefusedAndABadFileGetsLineNumbers() throws Exception {
    CommandRun literal =
        CommandRun.run(
            dir.resolve("literal"),
            2,
            "materialize",
            Checkout.exampleDefinitions().toString(),
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--redis",
            redis.host() + ":" + redis.port(),
            "--redis-password",
            REDIS_PASSWORD);
    assertTrue(
        literal.err().contains("--redis-password takes a reference, not the secret itself"),
        literal.err());
    assertNoSecret(literal.out() + literal.err());

    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "redis:\n  host: h\n  pasword: ${env:X}\nflink:\n  parallelism: many\n");
    CommandRun invalid =
        CommandRun.run(
            dir.resolve("bad"),
            1,
            "materialize",
            Checkout.exampleDefinitions().toString(),
            "--config",
            bad.toString(),
            "--bounded");
    assertTrue(
        invalid
            .err()
            .contains(bad + ":3:3: unknown key 'redis.pasword': did you mean 'redis.password'?"),
        invalid.err());
    assertTrue(
        invalid.err().contains(bad + ":5:16: flink.parallelism must be a whole number, not 'many'"),
        invalid.err());
    for (String command : List.of("materialize", "score", "monitor", "serve", "replay", "plan")) {
      StringWriter help = new StringWriter();
      Tributary.run(
          new java.io.PrintWriter(help), new java.io.PrintWriter(help), command, "--help");
      assertTrue(help.toString().contains("--config"), command + " --help names --config");
      assertTrue(help.toString().contains("${env:NAME}"), command + " --help shows the form");
      assertNoSecret(help.toString());
    }
  }

  /** A command without the data-folder options {@link CommandRun} adds; it must succeed. */
  private static CommandRun plain(String... command) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Tributary.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err), command);
    assertEquals(0, code, out + "\n" + err);
    return new CommandRun(out.toString(), err.toString());
  }

  private static void assertNoSecret(String text) {
    assertFalse(text.contains(REDIS_PASSWORD), "the Redis password shows");
    assertFalse(text.contains(KAFKA_PASSWORD), "the Kafka password shows");
  }

  /** Options built here from the servers, not from the file: what the test reads with. */
  private static RedisOptions independentRedisOptions() {
    return RedisOptions.builder(redis.host(), redis.port())
        .auth("tributary", REDIS_PASSWORD)
        .tls(ca.trustStore().toString(), CertificateAuthority.STORE_PASSWORD)
        .build();
  }

  private static Map<String, Object> kafkaClient() {
    Map<String, Object> client = new HashMap<>(kafka.clientProperties());
    client.put("bootstrap.servers", kafka.bootstrapServers());
    return client;
  }

  private static void publishOneBadRecord() throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(kafkaClient(), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("flights", "not json at all")).get();
    }
  }

  private static List<String> deadLetters() {
    Map<String, Object> client = kafkaClient();
    client.put("group.id", "dead-letter-check");
    client.put("auto.offset.reset", "earliest");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(client, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(DeploymentPlan.DEAD_LETTER_TOPIC));
      for (int round = 0; round < 50 && values.isEmpty(); round++) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }

  /** Runs {@code body} with every INFO-and-above log event also written to {@code logs}. */
  private static void captureLogs(StringWriter logs, ThrowingRunnable body) throws Exception {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    LoggerConfig root = context.getConfiguration().getRootLogger();
    WriterAppender appender =
        WriterAppender.newBuilder()
            .setName("secret-check")
            .setTarget(logs)
            .setLayout(PatternLayout.newBuilder().withPattern("%p %c - %m%n").build())
            .build();
    appender.start();
    Level level = root.getLevel();
    root.addAppender(appender, Level.INFO, null);
    root.setLevel(Level.INFO);
    context.updateLoggers();
    try {
      body.run();
    } finally {
      root.removeAppender("secret-check");
      root.setLevel(level);
      context.updateLoggers();
      appender.stop();
    }
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
