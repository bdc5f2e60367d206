package dev.tributary.flink.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.flink.records.Prediction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

/**
 * The prediction log's JSON: what {@link PredictionJson} writes reads back field for field (NaN and
 * missing as-of times as null), and {@link ServedRecords#predictions} keeps exactly the served
 * records of its scoring.
 */
class PredictionJsonTest {
  private static final long SEED = Long.getLong("tributary.seed", System.nanoTime());
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void randomPredictionsReadBackFieldForField() throws Exception {
    Random random = new Random(SEED);
    for (int n = 0; n < 500; n++) {
      Prediction p = random(random, "s" + random.nextInt(3));
      byte[] bytes = new PredictionJson().serialize(p);
      JsonNode node = JSON.readTree(bytes);
      assertEquals(p.request, node.get("request").asText(), "seed " + SEED);
      assertEquals(p.labelKey == null, node.get("label_key").isNull(), "seed " + SEED);
      Prediction back = PredictionJson.read(bytes);
      assertEquals(p.requestId, back.requestId);
      assertEquals(p.requestTime, back.requestTime);
      assertEquals(p.scoring, back.scoring);
      assertEquals(p.model, back.model);
      assertEquals(p.versionChosen, back.versionChosen);
      assertEquals(p.versionServed, back.versionServed);
      assertEquals(p.splitId, back.splitId);
      assertEquals(p.routingKey, back.routingKey);
      assertEquals(p.labelKey, back.labelKey);
      assertEquals(p.request, back.request);
      assertArrayEquals(p.scores, back.scores);
      assertArrayEquals(p.features, back.features);
      assertArrayEquals(p.featureValues, back.featureValues, "NaN stays missing, seed " + SEED);
      assertArrayEquals(p.featureAsOf, back.featureAsOf);
      assertEquals(p.lookupMicros, back.lookupMicros);
      assertEquals(p.queueMicros, back.queueMicros);
      assertEquals(p.inferenceMicros, back.inferenceMicros);
      assertEquals(p.jobId, back.jobId);
      assertEquals(p.predictedAt, back.predictedAt);
    }
  }

  @Test
  void onlyServedRecordsOfTheScoringAreKept() throws Exception {
    Random random = new Random(SEED);
    ServedRecords<Prediction> served = ServedRecords.predictions("s0");
    List<String> expected = new ArrayList<>();
    List<Prediction> kept = new ArrayList<>();
    Collector<Prediction> out =
        new Collector<>() {
          @Override
          public void collect(Prediction record) {
            kept.add(record);
          }

          @Override
          public void close() {}
        };
    for (int n = 0; n < 200; n++) {
      Prediction p = random(random, "s" + random.nextInt(2));
      int origin = random.nextInt(3); // 0 none, 1 served, 2 another origin
      ConsumerRecord<byte[], byte[]> record =
          new ConsumerRecord<>(
              "tributary.predictions", 0, n, null, new PredictionJson().serialize(p));
      if (origin > 0) {
        record
            .headers()
            .add(
                new RecordHeader(
                    ServedRecords.ORIGIN_HEADER,
                    (origin == 1 ? ServedRecords.SERVED : "score")
                        .getBytes(StandardCharsets.UTF_8)));
      }
      if (origin == 1 && p.scoring.equals("s0")) {
        expected.add(p.requestId);
      }
      served.deserialize(record, out);
    }
    assertTrue(!expected.isEmpty(), "seed " + SEED);
    assertEquals(expected, kept.stream().map(p -> p.requestId).toList(), "seed " + SEED);
  }

  private static Prediction random(Random random, String scoring) {
    Prediction p = new Prediction();
    p.requestId = "r-" + random.nextLong();
    p.requestTime = random.nextLong();
    p.scoring = scoring;
    p.model = "m\"" + random.nextInt(10);
    p.versionChosen = random.nextInt(3);
    p.versionServed = random.nextInt(3);
    p.splitId = scoring + "#" + random.nextInt(5);
    p.routingKey = "SFO-" + (char) ('A' + random.nextInt(26));
    p.labelKey = random.nextBoolean() ? null : "k\u00e9" + random.nextInt(100);
    p.request = "{\"request_id\": \"" + p.requestId + "\", \"note\": \"tab\\there\"}";
    p.scores = new double[] {random.nextDouble(), random.nextGaussian() * 1e-12};
    int features = random.nextInt(5);
    p.features = new String[features];
    p.featureValues = new double[features];
    p.featureAsOf = new long[features];
    for (int f = 0; f < features; f++) {
      p.features[f] = "view.f" + f;
      p.featureValues[f] = random.nextInt(4) == 0 ? Double.NaN : random.nextGaussian() * 1e6;
      p.featureAsOf[f] = random.nextInt(4) == 0 ? Prediction.NO_AS_OF : random.nextLong();
    }
    p.lookupMicros = random.nextInt(10_000);
    p.queueMicros = random.nextInt(10_000);
    p.inferenceMicros = random.nextInt(10_000);
    p.jobId = random.nextBoolean() ? null : "job-" + random.nextInt(9);
    p.predictedAt = random.nextLong();
    return p;
  }
}
