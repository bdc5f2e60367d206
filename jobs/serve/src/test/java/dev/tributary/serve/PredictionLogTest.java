package dev.tributary.serve;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.score.SplitHistory;
import dev.tributary.core.score.SplitMessage;
import dev.tributary.core.score.TrafficSplit;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.embedded.junit.RedisExtension;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.flink.score.SplitControlTopic;
import dev.tributary.serve.predict.ControlTopicSplits;
import dev.tributary.serve.predict.KafkaPredictionLog;
import dev.tributary.serve.server.TributaryServer;
import dev.tributary.triton.client.RetryPolicy;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.server.LocalTritonServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Synchronous predictions follow a split set on the control topic and land on the score job's
 * prediction topic in its record format.
 */
class PredictionLogTest {
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @BeforeAll
  static void topics() {
    KAFKA.createTopic(DeploymentPlan.PREDICTIONS_TOPIC, 1);
    KAFKA.createTopic(DeploymentPlan.DEAD_LETTER_TOPIC, 1);
  }

  @Test
  void aSplitOnTheControlTopicRoutesAndEveryPredictionIsOnThePredictionTopic() throws Exception {
    FeatureRepository repository = ServingFixture.repository();
    String kafka = KAFKA.bootstrapServers();
    SplitControlTopic.create(kafka);
    // In force from the beginning of time over the definitions' 90/10: everything to version 2.
    SplitControlTopic.write(
        kafka,
        new SplitMessage(
            "flight_delay_live",
            new TrafficSplit("flight_delay_live#1", 0, new TreeMap<>(Map.of(1L, 0, 2L, 100)))));
    RedisOptions options = RedisOptions.builder(REDIS.host(), REDIS.port()).build();
    List<String> origins = List.of("SFO", "LAX", "ORD");
    List<String> destinations = List.of("JFK", "SEA", "BOS");
    try (LocalTritonServer triton =
            LocalTritonServer.start(ServingFixture.root().resolve("triton-models"), 0);
        TritonClient client =
            TritonClient.builder().endpoint("127.0.0.1:" + triton.port()).build();
        ControlTopicSplits splits = new ControlTopicSplits(kafka, 60);
        TributaryServer server =
            TributaryServer.builder(repository, options)
                .triton(client)
                .splits(splits)
                .predictionLog(new KafkaPredictionLog(kafka, "serve-test"))
                .listen("127.0.0.1", 0, -1)
                .start()) {
      String body =
          "{\"scoring\":\"flight_delay_live\",\"entities\":{\"origin\":[\"SFO\",\"LAX\",\"ORD\"],"
              + "\"destination\":[\"JFK\",\"SEA\",\"BOS\"],\"request_id\":[\"r0\",\"r1\",\"r2\"]}}";
      HttpResponse<String> response = ServingFixture.post(server.httpPort(), "/v1/predict", body);
      assertEquals(200, response.statusCode(), response.body());
      JsonNode predictions = ServingFixture.json(response.body()).get("predictions");
      Map<String, JsonNode> served = new HashMap<>();
      for (JsonNode p : predictions) {
        assertEquals(2, p.get("version").asLong(), p.toString());
        assertEquals("flight_delay_live#1", p.get("split_id").asText());
        served.put(p.get("request_id").asText(), p);
      }

      List<JsonNode> logged = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> record :
          readAll(kafka, DeploymentPlan.PREDICTIONS_TOPIC)) {
        JsonNode prediction = json(record);
        if (prediction.get("job_id").asText().equals("serve-test")) {
          logged.add(prediction); // not the other test's
        }
      }
      assertEquals(origins.size(), logged.size());
      for (JsonNode record : logged) {
        JsonNode p = served.get(record.get("request_id").asText());
        assertEquals("flight_delay_live", record.get("scoring").asText());
        assertEquals(2, record.get("version_served").asLong());
        assertEquals("flight_delay_live#1", record.get("split_id").asText());
        JsonNode scores = record.get("scores");
        // The served score is the positive class's probability: the model's last output.
        assertEquals(p.get("score").asDouble(), scores.get(scores.size() - 1).asDouble(), 0.0);
        assertEquals(p.get("routing_key").asText(), record.get("routing_key").asText());
        assertEquals("serve-test", record.get("job_id").asText());
        assertEquals(11, record.get("features").size());
        // Nothing was materialized: every feature missing, logged as null values and as-of times.
        assertTrue(record.get("feature_values").get(0).isNull());
        assertTrue(record.get("feature_as_of").get(0).isNull());
      }
    }
  }

  /**
   * A prediction that fails because Triton is down is one dead letter on the score job's
   * dead-letter topic, in its shape, with the reason the caller got, the model and the version the
   * split routed it to, at its request time, marked as served; a bad request is a dead letter per
   * row without a version; a prediction that succeeds is none.
   */
  @Test
  void aFailedPredictionIsOneDeadLetterWithTheReason() throws Exception {
    FeatureRepository repository = ServingFixture.repository();
    String kafka = KAFKA.bootstrapServers();
    RedisOptions options = RedisOptions.builder(REDIS.host(), REDIS.port()).build();
    LocalTritonServer triton =
        LocalTritonServer.start(ServingFixture.root().resolve("triton-models"), 0);
    long requestedAt = 1_796_524_806_329L;
    try (TritonClient client =
            TritonClient.builder()
                .endpoint("127.0.0.1:" + triton.port())
                .retryPolicy(RetryPolicy.none())
                .defaultDeadline(Duration.ofSeconds(2))
                .build();
        TributaryServer server =
            TributaryServer.builder(repository, options)
                .triton(client)
                .predictionLog(new KafkaPredictionLog(kafka, "serve-dead-letters"))
                .listen("127.0.0.1", 0, -1)
                .start()) {
      HttpResponse<String> served =
          ServingFixture.post(
              server.httpPort(),
              "/v1/scorings/flight_delay_live/predict",
              "{\"entities\":{\"origin\":[\"SFO\"],\"destination\":[\"JFK\"],"
                  + "\"request_id\":[\"up\"]}}");
      assertEquals(200, served.statusCode(), served.body());
      triton.close();
      HttpResponse<String> down =
          ServingFixture.post(
              server.httpPort(),
              "/v1/scorings/flight_delay_live/predict",
              "{\"entities\":{\"origin\":[\"LAX\"],\"destination\":[\"SEA\"],"
                  + "\"request_id\":[\"down\"],\"requested_at\":["
                  + requestedAt
                  + "]}}");
      assertEquals(503, down.statusCode(), down.body());
      String error = ServingFixture.json(down.body()).get("error").asText();
      HttpResponse<String> bad =
          ServingFixture.post(
              server.httpPort(),
              "/v1/scorings/flight_delay_live/predict",
              "{\"entities\":{\"origin\":[\"SFO\",12],\"destination\":[\"JFK\",\"ORD\"]}}");
      assertEquals(400, bad.statusCode(), bad.body());

      List<ConsumerRecord<byte[], byte[]>> records =
          readAll(kafka, DeploymentPlan.DEAD_LETTER_TOPIC);
      assertEquals(3, records.size(), "one per failed row, none for the served one");
      for (ConsumerRecord<byte[], byte[]> record : records) {
        assertEquals(
            "serve",
            new String(record.headers().lastHeader("tributary-origin").value(), UTF_8),
            "marked as served");
      }
      JsonNode letter = json(records.get(0));
      assertEquals("scoring:flight_delay_live", letter.get("source").asText());
      assertEquals("flight_delay", letter.get("model").asText());
      long version =
          SplitHistory.of(repository.scorings().get(0))
              .at(requestedAt)
              .route("LAX-SEA", "flight_delay_live");
      assertEquals(String.valueOf(version), letter.get("version").asText());
      assertEquals(requestedAt, letter.get("event_time").asLong());
      assertEquals(
          "request down: model flight_delay version "
              + version
              + " (split flight_delay_live#0): "
              + error,
          letter.get("reason").asText());
      assertTrue(error.contains("UNAVAILABLE"), error);
      JsonNode payload = ServingFixture.json(letter.get("payload").asText());
      assertEquals("down", payload.get("request_id").asText());
      assertEquals("LAX", payload.get("origin").asText());

      String badError = ServingFixture.json(bad.body()).get("error").asText();
      List<String> given =
          List.of(
              "{\"origin\":\"SFO\",\"destination\":\"JFK\"}",
              "{\"origin\":12,\"destination\":\"ORD\"}");
      for (int row = 0; row < 2; row++) {
        JsonNode rejected = json(records.get(1 + row));
        assertEquals("flight_delay", rejected.get("model").asText());
        assertTrue(rejected.path("version").isMissingNode(), "not routed: " + rejected);
        assertEquals(badError, rejected.get("reason").asText());
        assertEquals(given.get(row), rejected.get("payload").asText());
      }
    } finally {
      triton.close();
    }
  }

  private static JsonNode json(ConsumerRecord<byte[], byte[]> record) throws Exception {
    return ServingFixture.json(new String(record.value(), UTF_8));
  }

  /** Every record on the topic's one partition up to its end now. */
  private static List<ConsumerRecord<byte[], byte[]>> readAll(String kafka, String topic) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      while (consumer.position(partition) < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
