package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.plan.MonitoringTables;
import dev.tributary.core.plan.PlannedTable;
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
import dev.tributary.triton.server.LocalTritonServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against production-like servers that take only authenticated TLS clients: a
 * Kafka broker speaking SASL_SSL (PLAIN), a redis-server with a TLS-only port and an ACL user, and
 * the local Triton-protocol server over mutual TLS, all with certificates of a CA the test makes
 * with openssl. Every connection comes from one {@code --config} file whose secrets are {@code
 * ${file:..}} references ({@code ${env:..}} for {@code serve}, run as its own process). The jobs
 * must reach the servers (events in, history and online values out, a bad record to the dead-letter
 * topic; requests scored, served and monitored with the right answers) and no secret may show in
 * what the commands print or in the logs, which are captured for the whole class.
 *
 * <p>The tests run in order: scoring, serving and monitoring read what materialize wrote.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureConnectionsCommandTest {
  private static final String REDIS_PASSWORD = "redis-Secret-7f3a";
  private static final String KAFKA_PASSWORD = "kafka-Secret-91cd";
  private static final String REPLAY_TO = "2001-01-01T03:00:00";

  /** The environment variables of the {@code ${env:..}} file, by secret. */
  private static final Map<String, String> SECRET_VARIABLES =
      Map.of(
          "redis", "TRIBUTARY_TEST_REDIS_PASSWORD",
          "kafka", "TRIBUTARY_TEST_KAFKA_PASSWORD",
          "truststore", "TRIBUTARY_TEST_TRUSTSTORE_PASSWORD");

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static CertificateAuthority ca;
  private static CertificateAuthority.Issued scorer;
  private static EmbeddedKafka kafka;
  private static EmbeddedRedis redis;
  private static LocalTritonServer triton;
  private static Path config;
  private static Path dataDir;
  private static final StringWriter logs = new StringWriter();
  private static AutoCloseable logCapture;

  @BeforeAll
  static void startSecureServers() throws Exception {
    ExternalTools.assumeOnPath("openssl", "apt-get install openssl", "to make certificates");
    ca = CertificateAuthority.create(Files.createDirectory(dir.resolve("ca")));
    scorer = ca.issue("scorer");
    kafka = EmbeddedKafka.startSecure(ca, "tributary", KAFKA_PASSWORD);
    redis = EmbeddedRedis.startSecure(ca, "tributary", REDIS_PASSWORD);
    triton = MutualTlsTriton.start(ca);
    config = configFile("tributary.yaml", secretFiles("tributary.yaml", REDIS_PASSWORD));
    dataDir = dir.resolve("data");
    logCapture = captureLogs(logs);
  }

  @AfterAll
  static void stop() throws Exception {
    if (logCapture != null) {
      logCapture.close();
    }
    if (triton != null) {
      triton.close();
    }
    if (redis != null) {
      redis.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  /** References to secret files holding {@code redisPassword} and the other secrets. */
  private static UnaryOperator<String> secretFiles(String name, String redisPassword)
      throws Exception {
    Path secrets = Files.createDirectories(dir.resolve("secrets-" + name));
    Files.writeString(secrets.resolve("redis"), redisPassword + "\n");
    Files.writeString(secrets.resolve("kafka"), KAFKA_PASSWORD);
    Files.writeString(secrets.resolve("truststore"), CertificateAuthority.STORE_PASSWORD);
    return secret -> "${file:" + secrets.resolve(secret) + "}";
  }

  /** The connections file, its secrets written as {@code reference} gives them. */
  private static Path configFile(String name, UnaryOperator<String> reference) throws Exception {
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
              username="tributary" password="%s";
            ssl.truststore.location: %s
            ssl.truststore.type: PKCS12
            ssl.truststore.password: %s
        redis:
          host: %s
          port: %d
          user: tributary
          password: %s
          tls:
            enabled: true
            truststore: %s
            truststore-password: %s
        triton:
          endpoints: [localhost:%d]
          tls:
            ca: %s
            cert: %s
            key: %s
        flink:
          parallelism: 1
          checkpoints:
            interval: 1s
          properties:
            restart-strategy.type: none
        """
            .formatted(
                kafka.bootstrapServers(),
                reference.apply("kafka"),
                ca.trustStore(),
                reference.apply("truststore"),
                redis.host(),
                redis.port(),
                reference.apply("redis"),
                ca.trustStore(),
                reference.apply("truststore"),
                triton.port(),
                ca.caPem(),
                scorer.certificate(),
                scorer.key()));
    return file;
  }

  @Test
  @Order(1)
  void jobsReachSaslSslKafkaAndTlsAclRedisFromTheConfigFileAndNoSecretShows() throws Exception {
    List<CommandRun> runs = new ArrayList<>();
    String defs = Checkout.exampleDefinitions().toString();
    runs.add(
        CommandRun.exactly(
            0, "replay", defs, "--config", config.toString(), "--to", REPLAY_TO + "Z"));
    publishOneBadRecord();
    runs.add(
        CommandRun.run(
            dataDir, 0, "materialize", defs, "--config", config.toString(), "--bounded"));
    runs.add(CommandRun.exactly(0, "plan", defs, "--config", config.toString()));

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
    assertNoSecretShown(runs);
  }

  /**
   * {@code score}, {@code serve} and {@code monitor} over the secure servers and Triton over mTLS,
   * on what materialize wrote: requests for the replayed flights are scored through Redis and
   * Triton into {@code monitoring.predictions}; {@code serve}, its own process with its secrets in
   * environment variables, answers some of the same flights with the score job's versions, scores
   * and feature values and logs its predictions to Kafka; {@code monitor} joins every prediction of
   * both to its flight's label, which must be the sample's {@code delay > 15}.
   */
  @Test
  @Order(2)
  void scoreServeAndMonitorRunOverTheSecureServersWithTheRightAnswers() throws Exception {
    String defs = Checkout.exampleDefinitions().toString();
    // the replayed flights whose label (their departure) comes within the model's label_wait (6h)
    // of a request made 2 hours before the scheduled departure, and after it
    List<SampleFlight> flights =
        SampleFlight.before(LocalDateTime.parse(REPLAY_TO)).stream()
            .filter(f -> f.delay() > -120 && f.delay() < 240)
            .sorted(Comparator.comparing(SampleFlight::date))
            .toList();
    Map<String, SampleFlight> requested = publishRequests(flights);
    List<CommandRun> runs = new ArrayList<>();
    runs.add(CommandRun.run(dataDir, 0, "score", defs, "--config", config.toString(), "--bounded"));

    Map<String, Record> scored = new HashMap<>();
    for (Record row : rows(DeploymentPlan.predictions())) {
      assertNull(scored.put((String) row.getField("request_id"), row), "one prediction a request");
    }
    assertEquals(requested.keySet(), scored.keySet(), "every request scored");
    for (Record row : scored.values()) {
      assertEquals(row.getField("version_chosen"), row.getField("version_served"));
      List<?> scores = (List<?>) row.getField("scores");
      assertEquals(1.0, (Double) scores.get(0) + (Double) scores.get(1), 1e-6, "probabilities");
    }

    // served: the flights departing after the last request, asked again at its time, so the
    // monitor (which has seen the score job's predictions up to then) takes them as on time
    long lastRequest =
        requested.values().stream().mapToLong(f -> requestedAt(f)).max().orElseThrow();
    Map<String, String> servedAs = new TreeMap<>();
    requested.forEach(
        (id, f) -> {
          if (f.dateMillis() + f.delay() * 60_000 > lastRequest + 60_000) {
            servedAs.put("served-" + id, id);
          }
        });
    assertTrue(servedAs.size() >= 10, "flights to serve: " + servedAs);
    String serveOutput = serve(defs, requested, servedAs, lastRequest, scored);
    runs.add(new CommandRun(serveOutput, ""));

    // the score job batches and calls Triton asynchronously: its log is out of request-time order
    // by up to a batch, here about an hour of these sparse night-time requests
    runs.add(
        CommandRun.run(
            dataDir,
            0,
            "monitor",
            defs,
            "--config",
            config.toString(),
            "--prediction-out-of-orderness",
            "3h",
            "--bounded"));
    Map<String, Boolean> labels = new TreeMap<>();
    for (Record row : rows(MonitoringTables.labeledPredictions())) {
      labels.put((String) row.getField("request_id"), (Boolean) row.getField("label"));
    }
    Map<String, Boolean> expected = new TreeMap<>();
    requested.forEach((id, f) -> expected.put(id, f.delay() > 15));
    servedAs.forEach((served, id) -> expected.put(served, requested.get(id).delay() > 15));
    assertEquals(expected, labels, "every prediction, scored or served, joined to its label");
    assertFalse(rows(MonitoringTables.modelMetrics()).isEmpty(), "model metrics");
    assertNoSecretShown(runs);
  }

  @Test
  @Order(3)
  void aWrongRedisPasswordFailsTheJobWithoutShowingIt() throws Exception {
    Path wrong = configFile("wrong.yaml", secretFiles("wrong.yaml", "not-" + REDIS_PASSWORD));
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
  @Order(4)
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

  /**
   * Sends every log event of INFO and above also to {@code logs}, until the returned handle is
   * closed.
   */
  private static AutoCloseable captureLogs(StringWriter logs) {
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
    return () -> {
      root.removeAppender("secret-check");
      root.setLevel(level);
      context.updateLoggers();
      appender.stop();
    };
  }

  /** Neither what {@code runs} printed nor the logs so far show a secret. */
  private static void assertNoSecretShown(List<CommandRun> runs) {
    StringBuilder shown = new StringBuilder(logs.toString());
    runs.forEach(run -> shown.append(run.out()).append(run.err()));
    assertTrue(logs.toString().contains("INFO"), "the logs are captured");
    assertNoSecret(shown.toString());
  }

  private static long requestedAt(SampleFlight flight) {
    return flight.dateMillis() - 2 * 3_600_000L;
  }

  /**
   * One scoring request per flight, made 2 hours before its scheduled departure, in request order
   * on a one-partition requests topic; by request id.
   */
  private static Map<String, SampleFlight> publishRequests(List<SampleFlight> flights)
      throws Exception {
    kafka.createTopic("flight_requests", 1);
    Map<String, SampleFlight> requests = new TreeMap<>();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(kafkaClient(), new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < flights.size(); i++) {
        String id = String.format(Locale.ROOT, "r-%03d", i);
        SampleFlight flight = flights.get(i);
        producer.send(
            new ProducerRecord<>(
                "flight_requests", requestJson(id, requestedAt(flight), flight).toString()));
        requests.put(id, flight);
      }
      producer.flush();
    }
    return requests;
  }

  /** A request of the {@code flight_requests} source for {@code flight}. */
  private static ObjectNode requestJson(String id, long requestedAt, SampleFlight flight) {
    ObjectNode request = JSON.createObjectNode();
    request.put("request_id", id);
    request.put("requested_at", Instant.ofEpochMilli(requestedAt).toString());
    request.put("date", Instant.ofEpochMilli(flight.dateMillis()).toString());
    request.put("distance", flight.distance());
    request.put("origin", flight.origin());
    request.put("destination", flight.destination());
    return request;
  }

  /**
   * Runs {@code serve} as its own process with its secrets in environment variables, asks it for
   * the predictions of the flights of {@code servedAs} (served id to the score job's request id) at
   * {@code requestedAt}, and checks each against the score job's: the same version, feature values
   * and scores. Returns everything the process printed, its INFO logs included.
   */
  private static String serve(
      String defs,
      Map<String, SampleFlight> requested,
      Map<String, String> servedAs,
      long requestedAt,
      Map<String, Record> scored)
      throws Exception {
    Path envConfig =
        configFile("tributary-env.yaml", secret -> "${env:" + SECRET_VARIABLES.get(secret) + "}");
    ProcessBuilder builder =
        new ProcessBuilder(
                TributaryProcess.command(
                    // the CLI's own logging set-up (the test jars' would win) at INFO
                    List.of(
                        "-Dlog4j2.configurationFile="
                            + Tributary.class.getResource("/log4j2.properties"),
                        "-Dlog4j2.level=INFO"),
                    "serve",
                    defs,
                    "--config",
                    envConfig.toString(),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--grpc-port",
                    "-1"))
            .redirectErrorStream(true);
    builder.environment().put(SECRET_VARIABLES.get("redis"), REDIS_PASSWORD);
    builder.environment().put(SECRET_VARIABLES.get("kafka"), KAFKA_PASSWORD);
    builder
        .environment()
        .put(SECRET_VARIABLES.get("truststore"), CertificateAuthority.STORE_PASSWORD);
    Process process = builder.start();
    StringBuffer output = new StringBuffer();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Pattern listening = Pattern.compile("tributary serve: HTTP on 127\\.0\\.0\\.1:(\\d+)");
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines = process.inputReader()) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  output.append(line).append('\n');
                  Matcher http = listening.matcher(line);
                  if (http.find()) {
                    port.complete(Integer.parseInt(http.group(1)));
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
              port.completeExceptionally(new IllegalStateException("serve ended:\n" + output));
            },
            "serve-output");
    reader.start();
    try {
      ObjectNode entities = JSON.createObjectNode();
      for (String column :
          List.of("request_id", "requested_at", "date", "distance", "origin", "destination")) {
        entities.putArray(column);
      }
      servedAs.forEach(
          (served, id) ->
              requestJson(served, requestedAt, requested.get(id))
                  .properties()
                  .forEach(
                      field -> ((ArrayNode) entities.get(field.getKey())).add(field.getValue())));
      ObjectNode body = JSON.createObjectNode().put("scoring", "flight_delay_live");
      body.set("entities", entities);
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:" + port.get(2, TimeUnit.MINUTES) + "/v1/predict"))
                      .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.body() + "\n" + output);
      JsonNode predictions = JSON.readTree(response.body()).get("predictions");
      assertEquals(servedAs.size(), predictions.size(), response.body());
      for (JsonNode prediction : predictions) {
        String served = prediction.get("request_id").asText();
        Record logged = scored.get(servedAs.get(served));
        assertEquals(logged.getField("version_served"), prediction.get("version").asLong(), served);
        assertEquals(
            logged.getField("feature_values"),
            doubles(prediction.get("feature_values")),
            served + ": the feature values the score job read from Redis");
        List<Double> scores = doubles(prediction.get("scores"));
        List<?> loggedScores = (List<?>) logged.getField("scores");
        for (int i = 0; i < scores.size(); i++) {
          assertEquals((Double) loggedScores.get(i), scores.get(i), 1e-6, served + " scores");
        }
      }
    } finally {
      process.destroy();
      assertTrue(process.waitFor(1, TimeUnit.MINUTES), "serve stops on SIGTERM");
      reader.join(TimeUnit.MINUTES.toMillis(1));
    }
    assertTrue(output.toString().contains("INFO"), "serve's logs are read: " + output);
    return output.toString();
  }

  private static List<Double> doubles(JsonNode array) {
    List<Double> values = new ArrayList<>();
    array.forEach(value -> values.add(value.isNull() ? null : value.asDouble()));
    return values;
  }

  /** The rows of a table of the local catalog materialize, score and monitor wrote. */
  private static List<Record> rows(PlannedTable table) throws Exception {
    List<Record> rows = new ArrayList<>();
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(dataDir.resolve("iceberg"));
        CloseableIterable<Record> read =
            IcebergGenerics.read(
                    catalog.catalog().loadTable(TableIdentifier.parse(table.qualifiedName())))
                .build()) {
      read.forEach(row -> rows.add(row.copy()));
    }
    return rows;
  }
}
