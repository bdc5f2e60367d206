package dev.tributary.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.score.SplitMessage;
import dev.tributary.core.score.TrafficSplit;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.embedded.junit.RedisExtension;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.flink.score.SplitControlTopic;
import dev.tributary.serve.predict.ControlTopicSplits;
import dev.tributary.serve.predict.KafkaPredictionLog;
import dev.tributary.serve.server.TributaryServer;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Synchronous predictions follow a split set on the control topic and land on the score job's
 * prediction topic in its record format.
 */
class PredictionLogTest {
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @Test
  void aSplitOnTheControlTopicRoutesAndEveryPredictionIsOnThePredictionTopic() throws Exception {
    FeatureRepository repository = ServingFixture.repository();
    String kafka = KAFKA.bootstrapServers();
    SplitControlTopic.create(kafka);
    KAFKA.createTopic(DeploymentPlan.PREDICTIONS_TOPIC, 1);
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

      List<JsonNode> logged = readAll(kafka, origins.size());
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

  private static List<JsonNode> readAll(String kafka, int expected) throws Exception {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    List<JsonNode> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(DeploymentPlan.PREDICTIONS_TOPIC, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          records.add(ServingFixture.json(new String(record.value(), "UTF-8")));
        }
      }
    }
    return records;
  }
}
