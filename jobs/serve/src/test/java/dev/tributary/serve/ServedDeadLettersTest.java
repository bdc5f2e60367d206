package dev.tributary.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.embedded.junit.RedisExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.iceberg.DeadLetterTable;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.flink.records.DeadLetter;
import dev.tributary.flink.records.DeadLetterJson;
import dev.tributary.flink.score.ScoreJob;
import dev.tributary.flink.score.ScoreSettings;
import dev.tributary.serve.predict.FailedPrediction;
import dev.tributary.serve.predict.KafkaPredictionLog;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.client.TritonClientLoader;
import dev.tributary.triton.server.LocalTritonServer;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dead letters {@code tributary serve} writes to {@code tributary.dead_letters} reach {@code
 * ops.dead_letters} through the scoring's score job, each exactly once: written by the server's own
 * {@link KafkaPredictionLog}, copied by the real score job (bounded runs on a MiniCluster, no
 * requests of its own) into a real Iceberg catalog. Beside them on the topic: served letters of
 * another scoring, and letters of this scoring without the serve header (the score job's own, which
 * reach the table from its own stream); copying either would double or misfile a letter.
 */
class ServedDeadLettersTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private static final long SEED = Long.getLong("tributary.seed", System.nanoTime());
  private static final FeatureRepository DEFINITIONS = FlightsSample.definitions();
  private static final Scoring SCORING = DEFINITIONS.scorings().get(0);
  private static final String MODEL = SCORING.model().tritonModel();

  private static LocalIcebergCatalog iceberg;
  private static LocalTritonServer triton;
  private static KafkaPredictionLog log;

  @BeforeAll
  static void start() throws Exception {
    System.out.println("ServedDeadLettersTest seed " + SEED + " (-Dtributary.seed=N replays)");
    KAFKA.createTopic(DeploymentPlan.DEAD_LETTER_TOPIC, 2);
    KAFKA.createTopic(SCORING.requests().topicOrNull(), 1);
    iceberg = LocalIcebergCatalog.temporary();
    triton = LocalTritonServer.start(FlightsSample.repositoryRoot().resolve("triton-models"), 0);
    log = new KafkaPredictionLog(KAFKA.bootstrapServers(), "serve-test");
  }

  @AfterAll
  static void stop() throws Exception {
    if (log != null) {
      log.close();
    }
    if (triton != null) {
      triton.close();
    }
    if (iceberg != null) {
      iceberg.close();
    }
  }

  @Test
  void everyServedDeadLetterOfTheScoringLandsInTheTableExactlyOnce() throws Exception {
    Random random = new Random(SEED);
    Map<List<Object>, Integer> expected = new HashMap<>();
    for (int run = 0; run < 3; run++) {
      if (run != 1) { // the second run finds nothing new: it must copy nothing again
        List<FailedPrediction> served = failures(SCORING.name(), "r" + run + "-", 30, random);
        log.deadLetter(served);
        log.deadLetter(failures("other_scoring", "o" + run + "-", 5, random));
        writeUnmarked(failures(SCORING.name(), "own" + run + "-", 5, random));
        for (FailedPrediction failed : served) {
          expected.merge(row(KafkaPredictionLog.deadLetter(failed, 0)), 1, Integer::sum);
        }
      }
      copyServedDeadLetters();
      assertEquals(expected, tableRows(), "ops.dead_letters after run " + run);
    }
  }

  /**
   * Failed rows as the server records them: routed to a version or not (a 400 before routing), with
   * or without a request id, payloads that repeat (the same request failing twice is two letters).
   */
  private static List<FailedPrediction> failures(
      String scoring, String prefix, int count, Random random) {
    List<FailedPrediction> failures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      boolean routed = random.nextBoolean();
      String id = random.nextInt(5) == 0 ? null : prefix + i;
      String payload = "{\"origin\":\"A" + random.nextInt(4) + "\",\"destination\":\"B\"}";
      failures.add(
          new FailedPrediction(
              scoring,
              MODEL,
              payload,
              id,
              1_800_000_000_000L + random.nextInt(1_000_000),
              routed ? (long) (1 + random.nextInt(2)) : null,
              routed ? scoring + "#0" : null,
              routed ? "UNAVAILABLE: Triton down" : "entities.distance[0]: expected a number"));
    }
    return failures;
  }

  /** Dead letters of the scoring as the score job writes them to the topic: no serve header. */
  private static void writeUnmarked(List<FailedPrediction> failures) throws Exception {
    Properties config = new Properties();
    config.put("bootstrap.servers", KAFKA.bootstrapServers());
    DeadLetterJson json = new DeadLetterJson();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (FailedPrediction failed : failures) {
        producer
            .send(
                new ProducerRecord<>(
                    DeploymentPlan.DEAD_LETTER_TOPIC,
                    json.serialize(KafkaPredictionLog.deadLetter(failed, 1L))))
            .get();
      }
    }
  }

  /** The score job of the scoring, bounded, with no requests: it copies the served letters. */
  private static void copyServedDeadLetters() throws Exception {
    StreamExecutionEnvironment env = FLINK.environment();
    env.enableCheckpointing(500);
    new ScoreJob(
            SCORING,
            ScoreSettings.of(
                KAFKA.bootstrapServers(),
                true,
                new CatalogConfig(LocalIcebergCatalog.NAME, iceberg.properties()),
                "score-copies-served",
                RedisOptions.builder(REDIS.host(), REDIS.port()).build(),
                TritonClientLoader.of(
                    TritonClient.builder().endpoint("127.0.0.1:" + triton.port()))))
        .build(env);
    env.execute("score job copying served dead letters");
  }

  /** Every row of ops.dead_letters, counted. */
  private static Map<List<Object>, Integer> tableRows() throws Exception {
    Table table = iceberg.catalog().loadTable(DeadLetterTable.IDENTIFIER);
    table.refresh();
    Map<List<Object>, Integer> rows = new HashMap<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record row : records) {
        rows.merge(
            List.of(
                row.getField("source"),
                row.getField("payload"),
                row.getField("reason"),
                epochMillis(row.getField("event_time"))),
            1,
            Integer::sum);
      }
    }
    return rows;
  }

  private static List<Object> row(DeadLetter letter) {
    return List.of(letter.source, letter.payload, letter.reason, letter.eventTime);
  }

  private static long epochMillis(Object timestamp) {
    return timestamp instanceof OffsetDateTime t
        ? t.toInstant().toEpochMilli()
        : ((LocalDateTime) timestamp).toInstant(ZoneOffset.UTC).toEpochMilli();
  }
}
