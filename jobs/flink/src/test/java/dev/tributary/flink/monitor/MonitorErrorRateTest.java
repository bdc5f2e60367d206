package dev.tributary.flink.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.defs.AlertRule;
import dev.tributary.core.defs.Model;
import dev.tributary.core.monitor.Granularity;
import dev.tributary.core.monitor.WindowKey;
import dev.tributary.core.monitor.labels.Prediction;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.KafkaTopics;
import dev.tributary.flink.records.DeadLetter;
import dev.tributary.flink.records.DeadLetterJson;
import dev.tributary.flink.score.CommittedTopic;
import java.nio.charset.StandardCharsets;
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
 * The error rate of the monitor job on real Kafka and Iceberg: predictions of two versions on the
 * prediction log and the score job's dead letters on the dead-letter topic, in random order, with
 * per version and hour a number of each chosen so that the rate falls below, exactly on, or above
 * the {@code error_rate} threshold. Every row of {@code monitoring.errors} must hold the counts a
 * brute-force count gives, and the rule must fire, in {@code monitoring.alerts} and on the {@code
 * alerts} topic, in exactly the windows above the threshold. Dead letters of another model, of this
 * model without a version (rejected before routing) and of other jobs must count nowhere.
 * Watermarks move only at the end of input, so at every emission a day and since start hold all
 * their requests.
 */
class MonitorErrorRateTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  private static final long SEED = Long.getLong("tributary.test.seed", 20261212L);
  private static final Model MODEL =
      FlightsSample.definitions().model("flight_delay").orElseThrow();
  private static final long HOUR = Granularity.HOUR.millis();

  /** A request of the sample: its version, request time and whether it failed. */
  private record Request(String version, long time, boolean failed) {}

  @Test
  void errorRowsAreTheBruteForceCountsAndTheRuleFiresExactlyAboveItsThreshold() throws Exception {
    System.out.println("seed " + SEED + " (-Dtributary.test.seed=... replays)");
    double threshold = threshold();
    assertEquals(0.01, threshold, "the cases below are built for models.yaml's error_rate: 0.01");
    Random random = new Random(SEED);
    long base = Instant.parse("2001-03-01T00:00:00Z").toEpochMilli();
    List<Request> requests = new ArrayList<>();
    for (int hour = 0; hour < 14; hour++) {
      for (String version : List.of("1", "2")) {
        // 0: no error; 1: k in 100k requests, exactly the threshold (not above it); 2: k in
        // 100k - 1, just above; 3: anything
        int k = 1 + random.nextInt(2);
        int[] counts =
            switch ((hour + (version.equals("2") ? 1 : 0)) % 4) {
              case 0 -> new int[] {20 + random.nextInt(100), 0};
              case 1 -> new int[] {99 * k, k};
              case 2 -> new int[] {99 * k - 1, k};
              default -> new int[] {30 + random.nextInt(150), random.nextInt(5)};
            };
        for (int i = 0; i < counts[0] + counts[1]; i++) {
          requests.add(
              new Request(version, base + hour * HOUR + random.nextInt((int) HOUR), i < counts[1]));
        }
      }
    }
    Collections.shuffle(requests, random);

    List<String> predictions = new ArrayList<>();
    List<String> deadLetters = new ArrayList<>();
    DeadLetterJson letters = new DeadLetterJson();
    for (int i = 0; i < requests.size(); i++) {
      Request r = requests.get(i);
      if (r.failed()) {
        deadLetters.add(
            json(
                letters,
                letter(r.time(), "model flight_delay version " + r.version() + ": NOT_FOUND")
                    .forModel(MODEL.tritonModel(), r.version())));
      } else {
        predictions.add(
            MonitorJobTest.json(new Prediction("k" + i, "r" + i, r.time(), r.version(), 0.3)));
      }
      if (i % 50 == 0) {
        // the topic's other records: none may count
        deadLetters.add(
            json(letters, letter(r.time(), "of another model").forModel("other", r.version())));
        deadLetters.add(
            json(
                letters,
                letter(r.time(), "missing field, rejected before routing")
                    .forModel(MODEL.tritonModel(), null)));
        deadLetters.add(
            json(
                letters,
                new DeadLetter("source:flights", "{}", "not a flight", r.time(), r.time())));
      }
    }
    // one partition each: see ServingSample.publish
    KAFKA.createTopic(MODEL.label().source().topic().orElseThrow(), 1);
    KAFKA.createTopic(DeploymentPlan.PREDICTIONS_TOPIC, 1);
    KAFKA.createTopic(DeploymentPlan.DEAD_LETTER_TOPIC, 1);
    KafkaTopics.publish(KAFKA.bootstrapServers(), DeploymentPlan.PREDICTIONS_TOPIC, predictions, 1);
    KafkaTopics.publish(KAFKA.bootstrapServers(), DeploymentPlan.DEAD_LETTER_TOPIC, deadLetters, 1);

    BoundedMonitorRun.run(MODEL, KAFKA, ICEBERG, FLINK);

    // brute force: per version and window, predictions and errors
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, List<Long>> hoursOf = new TreeMap<>();
    for (Request r : requests) {
      for (WindowKey window : WindowKey.of(r.time())) {
        counts.computeIfAbsent(id(r.version(), window), k -> new long[2])[r.failed() ? 1 : 0]++;
      }
      List<Long> hours = hoursOf.computeIfAbsent(r.version(), v -> new ArrayList<>());
      long hour = Granularity.HOUR.startOf(r.time());
      if (!hours.contains(hour)) {
        hours.add(hour);
      }
    }
    assertErrorRows(counts);
    // each finished hour of a version writes its hour's, its day's and since start's rows, and
    // the rule runs over each
    List<String> expectedAlerts = new ArrayList<>();
    hoursOf.forEach(
        (version, hours) -> {
          for (long hour : hours) {
            for (WindowKey window : WindowKey.of(hour)) {
              long[] c = counts.get(id(version, window));
              double rate = (double) c[1] / (c[0] + c[1]);
              if (rate > threshold) {
                expectedAlerts.add(id(version, window) + " " + rate);
              }
            }
          }
        });
    Collections.sort(expectedAlerts);
    long hourAlerts = expectedAlerts.stream().filter(a -> a.contains(" HOUR ")).count();
    assertTrue(hourAlerts >= 7 && hourAlerts < 28, "some hours above, some not: " + hourAlerts);

    List<String> table = new ArrayList<>();
    for (Record alert : MonitoringRows.read(ICEBERG.catalog(), "alerts")) {
      if (alert.getField("rule").equals("error_rate")) {
        assertEquals(threshold, (Double) alert.getField("threshold"), 0.0);
        table.add(
            id(
                    (String) alert.getField("version"),
                    new WindowKey(
                        Granularity.valueOf((String) alert.getField("granularity")),
                        MonitoringRows.millis(alert.getField("window_start"))))
                + " "
                + alert.getField("observed"));
      }
    }
    Collections.sort(table);
    assertEquals(expectedAlerts, table, "monitoring.alerts");

    List<String> topic = new ArrayList<>();
    for (JsonNode alert : CommittedTopic.read(KAFKA.bootstrapServers(), MonitorJob.ALERTS_TOPIC)) {
      if (alert.get("rule").asText().equals("error_rate")) {
        topic.add(
            id(
                    alert.get("version").asText(),
                    new WindowKey(
                        Granularity.valueOf(alert.get("granularity").asText()),
                        alert.get("window_start").asLong()))
                + " "
                + alert.get("observed").asDouble());
      }
    }
    Collections.sort(topic);
    assertEquals(expectedAlerts, topic, "the alerts topic");
  }

  /** The last row of each version and window equals the brute-force counts; one row per hour. */
  private static void assertErrorRows(Map<String, long[]> counts) throws Exception {
    Map<String, Record> last = new TreeMap<>();
    int hourRows = 0;
    for (Record row : MonitoringRows.read(ICEBERG.catalog(), "errors")) {
      String id =
          id(
              (String) row.getField("version"),
              new WindowKey(
                  Granularity.valueOf((String) row.getField("granularity")),
                  MonitoringRows.millis(row.getField("window_start"))));
      hourRows += id.contains(" HOUR ") ? 1 : 0;
      last.merge(
          id,
          row,
          (a, b) ->
              MonitoringRows.millis(a.getField("as_of"))
                      >= MonitoringRows.millis(b.getField("as_of"))
                  ? a
                  : b);
    }
    assertEquals(counts.keySet(), last.keySet());
    assertEquals(
        counts.keySet().stream().filter(id -> id.contains(" HOUR ")).count(),
        hourRows,
        "one row per hour");
    counts.forEach(
        (id, c) -> {
          Record row = last.get(id);
          assertEquals(c[0], row.getField("predictions"), id);
          assertEquals(c[1], row.getField("errors"), id);
          assertEquals(c[0] + c[1], row.getField("requests"), id);
          assertEquals((double) c[1] / (c[0] + c[1]), (Double) row.getField("error_rate"), 0.0, id);
        });
  }

  private static double threshold() {
    return MODEL.monitoring().alerts().stream()
        .filter(r -> r.kind() == AlertRule.Kind.ERROR_RATE)
        .findFirst()
        .orElseThrow()
        .threshold();
  }

  /**
   * A dead letter of the example scoring, as the score job writes one, at request time {@code t}.
   */
  private static DeadLetter letter(long t, String reason) {
    return new DeadLetter("scoring:flight_delay_scoring", "{}", reason, t, t + 1_000);
  }

  private static String json(DeadLetterJson serializer, DeadLetter letter) {
    return new String(serializer.serialize(letter), StandardCharsets.UTF_8);
  }

  private static String id(String version, WindowKey window) {
    return version + " " + window.granularity() + " " + window.start();
  }
}
