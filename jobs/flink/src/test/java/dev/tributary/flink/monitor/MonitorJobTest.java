package dev.tributary.flink.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Model;
import dev.tributary.core.defs.Source;
import dev.tributary.core.monitor.WindowKey;
import dev.tributary.core.monitor.labels.JoinOutcome;
import dev.tributary.core.monitor.labels.LabelEvent;
import dev.tributary.core.monitor.labels.LabelKey;
import dev.tributary.core.monitor.labels.Prediction;
import dev.tributary.core.monitor.labels.WindowQuality;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.KafkaTopics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The monitor job on real Kafka and Iceberg: random flights (the label source) and predictions of
 * two versions in random order; the labelled rows and every metrics row must equal what the core
 * computes over the same inputs. Predictions carry a huge out-of-orderness, so the watermark only
 * moves at the end of input and the expected outcome of each prediction is plain: labelled iff a
 * flight of its key has its label time within {@code [t, t + label_wait]}.
 */
class MonitorJobTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  private static final long SEED = Long.getLong("tributary.test.seed", 20261206L);
  private static final FeatureRepository DEFINITIONS = FlightsSample.definitions();
  private static final Model MODEL = DEFINITIONS.model("flight_delay").orElseThrow();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void labelledRowsAndMetricsAreTheCoresOverTheSameInputs() throws Exception {
    System.out.println("seed " + SEED + " (-Dtributary.test.seed=... replays)");
    Random random = new Random(SEED);
    Source flights = MODEL.label().source();
    LabelKey keys = new LabelKey(MODEL.label().joinOn(), flights.schema(), "flights");
    long base = Instant.parse("2001-03-01T00:00:00Z").toEpochMilli();
    String[] airports = {"ORD", "ATL", "DFW", "SFO", "JFK"};
    List<ParsedEvent> flightEvents = new ArrayList<>();
    List<LabelEvent> labels = new ArrayList<>();
    List<Prediction> predictions = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      long date = base + i * 7L * 60_000L;
      long delay = random.nextInt(10) == 0 ? 400 + random.nextInt(200) : random.nextInt(90) - 15;
      Object[] row = {
        date, delay, 500L, airports[i % 5], airports[(i / 5 + 1 + i % 5) % 5] + i % 3
      };
      String key = keys.of(row);
      long labelTime = date + delay * 60_000L;
      boolean published = random.nextInt(10) != 0;
      if (published) {
        flightEvents.add(new ParsedEvent(row, labelTime));
        labels.add(new LabelEvent(key, labelTime, delay > 15));
      }
      if (random.nextInt(8) != 0) {
        String version = random.nextInt(3) == 0 ? "2" : "1";
        double noise = random.nextDouble();
        double score = version.equals("2") ? 0.6 * noise + 0.4 * (delay > 15 ? 1 : 0) : noise;
        predictions.add(new Prediction(key, "r" + i, date - 2 * 3_600_000L, version, score));
      }
    }
    // Labels in label-time order (the source's own watermark, 5m out of order, then never passes a
    // label not yet read, whichever input ends first); predictions in random order.
    flightEvents.sort(java.util.Comparator.comparingLong(ParsedEvent::eventTime));
    Collections.shuffle(predictions, random);
    KAFKA.createTopic("flights", 2);
    KafkaTopics.publish(
        KAFKA.bootstrapServers(), "flights", KafkaTopics.asJson(flights, flightEvents), 2);
    KAFKA.createTopic(DeploymentPlan.PREDICTIONS_TOPIC, 2);
    KafkaTopics.publish(
        KAFKA.bootstrapServers(),
        DeploymentPlan.PREDICTIONS_TOPIC,
        predictions.stream().map(MonitorJobTest::json).toList(),
        2);

    BoundedMonitorRun.run(MODEL, KAFKA, ICEBERG, FLINK);

    long wait = MODEL.monitoring().labelWait().toMillis();
    Map<String, Boolean> expectedLabels = new TreeMap<>();
    Map<String, WindowQuality> expected = new TreeMap<>();
    for (Prediction p : predictions) {
      JoinOutcome outcome = BruteForceJoin.outcome(p, labels, wait);
      LabelEvent label = outcome.label();
      if (label != null) {
        expectedLabels.put(p.requestId(), label.value());
      }
      for (WindowKey window : WindowKey.of(p.time())) {
        expected
            .computeIfAbsent(
                p.version() + " " + window.granularity() + " " + window.start(),
                k -> new WindowQuality(MODEL.monitoring().threshold()))
            .add(outcome);
      }
    }

    Map<String, Boolean> labelled = new TreeMap<>();
    for (Record row : rows("labeled_predictions")) {
      assertEquals(
          null, labelled.put((String) row.getField("request_id"), (Boolean) row.getField("label")));
    }
    assertEquals(expectedLabels, labelled);
    assertTrue(labelled.size() > 100 && labelled.size() < predictions.size(), "coverage varies");

    MetricRowsAssert.equalTo(expected, rows("model_metrics"), MODEL);
  }

  private static long millis(Object timestamp) {
    return MonitoringRows.millis(timestamp);
  }

  private static List<Record> rows(String table) throws Exception {
    return MonitoringRows.read(ICEBERG.catalog(), table);
  }

  static String json(Prediction p) {
    ObjectNode node = JSON.createObjectNode();
    node.put("request_id", p.requestId());
    node.put("request_time", p.time());
    node.put("model", MODEL.tritonModel());
    node.put("version_served", Long.parseLong(p.version()));
    node.putArray("scores").add(1 - p.score()).add(p.score());
    node.put("label_key", p.key());
    return node.toString();
  }
}
