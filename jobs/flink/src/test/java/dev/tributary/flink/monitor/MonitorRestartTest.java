package dev.tributary.flink.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.Model;
import dev.tributary.core.defs.Source;
import dev.tributary.core.monitor.Granularity;
import dev.tributary.core.monitor.WindowKey;
import dev.tributary.core.monitor.labels.JoinOutcome;
import dev.tributary.core.monitor.labels.LabelEvent;
import dev.tributary.core.monitor.labels.LabelKey;
import dev.tributary.core.monitor.labels.Prediction;
import dev.tributary.core.monitor.labels.WindowQuality;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.embedded.LocalFlinkCluster;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.KafkaTopics;
import dev.tributary.flink.iceberg.CatalogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The monitor job stopped with a savepoint mid-stream and restored from it, with labels and a
 * prediction arriving late, against a brute-force join over the same records. Everything is
 * published in two phases around the stop, so which records are late is decided by the test, not by
 * timing:
 *
 * <ul>
 *   <li>phase 1 (first run): predictions of two versions for flights departing in the first 12
 *       hours, their labels out of order by less than the source's 5 minute bound (on time), until
 *       the hours of the first predictions are written (the watermark passed their label wait);
 *   <li>stop with a savepoint; phase 2 published while the job is down: labels held back whose
 *       prediction had already ended unlabelled (beyond: they change nothing), labels behind the
 *       watermark whose prediction still waits (late, but within its wait: they join), a prediction
 *       behind the watermark (late: counted since start only), then the rest;
 *   <li>second run restored from the savepoint, until every hour is written.
 * </ul>
 *
 * Every request ends once in {@code monitoring.labeled_predictions}, every hour has exactly one
 * row, and every window's final row equals the core over the brute-force outcomes. Flink does not
 * restore watermarks, so without {@link RestoredWatermark} the late prediction re-opens an hour
 * already written. Both topics have two partitions with data in each, and a third, empty one on the
 * prediction topic: with the job's idleness it does not hold the windows back (the test would wait
 * forever).
 */
class MonitorRestartTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  private static final long SEED = Long.getLong("tributary.test.seed", 20261208L);
  private static final Model MODEL =
      FlightsSample.definitions().model("flight_delay").orElseThrow();
  private static final long HOUR = 3_600_000L;
  private static final long BASE = Instant.parse("2001-03-01T00:00:00Z").toEpochMilli();

  /** How long a wait for rows goes on before the test fails (or compares what it has). */
  private static final Duration GIVE_UP = Duration.ofMinutes(4);

  /** A flight: its prediction time, label, and how its label is published. */
  private record Flight(Object[] row, String key, long predicted, LabelEvent label, Fate fate) {}

  private enum Fate {
    /** published in order (within the bound), in phase 1 or 2 by its label time */
    ON_TIME,
    /** never published */
    NO_LABEL,
    /** held back to phase 2, after its prediction ended unlabelled */
    BEYOND_WAIT,
    /** held back to phase 2, behind the watermark while its prediction still waits */
    LATE_WITHIN_WAIT
  }

  @Test
  void lateRecordsAndARestoreCountEveryOutcomeOnce() throws Exception {
    System.out.println("seed " + SEED + " (-Dtributary.test.seed=... replays)");
    Random random = new Random(SEED);
    Source flightsSource = MODEL.label().source();
    LabelKey keys = new LabelKey(MODEL.label().joinOn(), flightsSource.schema(), "flights");
    long wait = MODEL.monitoring().labelWait().toMillis();

    List<Flight> flights = new ArrayList<>();
    for (int i = 0; i < 288; i++) {
      long date = BASE + 2 * HOUR + i * 5 * 60_000L;
      long delay = random.nextInt(12) == 0 ? 300 + random.nextInt(200) : random.nextInt(90) - 10;
      // a destination per flight: every join key has one label, so arrival order between
      // partitions never decides which label a prediction gets
      Object[] row = {date, delay, 500L, "ORD", "D" + i};
      String key = keys.of(row);
      LabelEvent label = new LabelEvent(key, date + delay * 60_000L, delay > 15);
      Fate fate = Fate.ON_TIME;
      if (random.nextInt(10) == 0) {
        fate = Fate.NO_LABEL;
      } else if (date < BASE + 7 * HOUR && random.nextInt(5) == 0) {
        fate = Fate.BEYOND_WAIT;
      } else if (date >= BASE + 8 * HOUR
          && date < BASE + 10 * HOUR
          && delay < 60
          && random.nextInt(3) == 0) {
        fate = Fate.LATE_WITHIN_WAIT;
      }
      flights.add(new Flight(row, key, date - 2 * HOUR, label, fate));
    }

    List<Prediction> predictions = new ArrayList<>();
    for (Flight f : flights) {
      double noise = random.nextDouble();
      boolean late = f.label().value();
      predictions.add(new Prediction(f.key(), f.key() + "-1", f.predicted(), "1", noise));
      predictions.add(
          new Prediction(
              f.key(), f.key() + "-2", f.predicted(), "2", 0.6 * noise + (late ? 0.4 : 0)));
    }
    // phase 1: predictions and on-time labels of the first 12 hours, so that the watermark the job
    // restores (whichever input went idle) stays before the predictions of phase 2
    long cutPredictions = BASE + 12 * HOUR;
    long cutLabels = BASE + 12 * HOUR;
    List<Prediction> predictions1 =
        predictions.stream().filter(p -> p.time() < cutPredictions).toList();
    List<Prediction> predictions2 =
        predictions.stream().filter(p -> p.time() >= cutPredictions).toList();
    List<Flight> labels1 = new ArrayList<>();
    List<Flight> heldBack = new ArrayList<>();
    List<Flight> labels2 = new ArrayList<>();
    for (Flight f : flights) {
      switch (f.fate()) {
        case NO_LABEL -> {}
        case BEYOND_WAIT, LATE_WITHIN_WAIT -> heldBack.add(f);
        case ON_TIME -> (f.label().time() < cutLabels ? labels1 : labels2).add(f);
      }
    }
    // out of order by less than the label source's 5 minute bound: never late
    Map<Flight, Long> jitter = new java.util.HashMap<>();
    for (Flight f : flights) {
      jitter.put(f, f.label().time() + random.nextInt(4 * 60_000));
    }
    labels1.sort(Comparator.comparingLong(jitter::get));
    labels2.sort(Comparator.comparingLong(jitter::get));

    // a prediction behind the watermark after the restore, of a flight of its own
    Object[] lateRow = {BASE + 5 * HOUR, 30L, 500L, "ORD", "LATE"};
    Prediction latePrediction =
        new Prediction(keys.of(lateRow), "late-prediction", BASE + 3 * HOUR, "1", 0.7);

    String labelsTopic = flightsSource.topic().orElseThrow();
    KAFKA.createTopic(labelsTopic, 2);
    KAFKA.createTopic(DeploymentPlan.PREDICTIONS_TOPIC, 3);
    publishLabels(labelsTopic, labels1);
    publishPredictions(predictions1);

    Path savepoints = Files.createTempDirectory("monitor-savepoints");
    JobClient first = start(null);
    // the hours of the predictions whose labels are held back beyond their wait are written:
    // the watermark passed the end of their wait
    awaitHours(first, Set.of("1", "2"), BASE, BASE + 4 * HOUR);
    String savepoint =
        first
            .stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
            .get(5, TimeUnit.MINUTES);

    publishLabels(labelsTopic, heldBack);
    publishPredictions(List.of(latePrediction));
    publishPredictions(predictions2);
    publishLabels(labelsTopic, labels2);
    // closing records far ahead on every partition of both topics, so the watermark passes every
    // hour's label wait: a version of their own (9), flights nobody predicted
    List<Prediction> closing = new ArrayList<>();
    List<Flight> closingLabels = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      long t = BASE + 3 * 24 * HOUR + p;
      Object[] row = {t, 0L, 500L, "END", "END" + p};
      closing.add(new Prediction(keys.of(row), "closing-" + p, t, "9", 0.5));
      closingLabels.add(
          new Flight(row, keys.of(row), t, new LabelEvent(keys.of(row), t, false), Fate.ON_TIME));
    }
    publishPredictions(closing);
    publishLabels(labelsTopic, closingLabels);

    JobClient second = start(savepoint);
    long lastHour = Granularity.HOUR.startOf(predictions2.get(predictions2.size() - 1).time());
    Map<String, Boolean> expectedLabels = new TreeMap<>();

    // the brute force: a prediction joins its flight's label when that label was in the job's
    // input before the prediction's wait ended and its time lies within the wait
    Map<String, WindowQuality> expected = new TreeMap<>();
    Map<String, Flight> byKey = new java.util.HashMap<>();
    flights.forEach(f -> byKey.put(f.key(), f));
    for (Prediction p : predictions) {
      Flight f = byKey.get(p.key());
      boolean arrives = f.fate() == Fate.ON_TIME || f.fate() == Fate.LATE_WITHIN_WAIT;
      LabelEvent label = f.label();
      boolean joins = arrives && label.time() >= p.time() && label.time() <= p.time() + wait;
      JoinOutcome outcome =
          new JoinOutcome(
              p,
              joins ? JoinOutcome.Status.LABELLED : JoinOutcome.Status.UNLABELLED,
              joins ? label : null);
      if (joins) {
        expectedLabels.put(p.requestId(), label.value());
      }
      for (WindowKey window : WindowKey.of(p.time())) {
        add(expected, p.version(), window, outcome);
      }
    }
    // each closing prediction meets its flight's label at its own time
    closing.forEach(p -> expectedLabels.put(p.requestId(), false));
    add(
        expected,
        "1",
        new WindowKey(Granularity.SINCE_START, 0L),
        new JoinOutcome(latePrediction, JoinOutcome.Status.LATE, null));
    try {
      awaitHours(second, Set.of("1", "2"), BASE, lastHour);
      // each sink commits on its own once a checkpoint completes: wait for the labelled rows too
      long deadline = System.nanoTime() + GIVE_UP.toNanos();
      while (MonitoringRows.read(ICEBERG.catalog(), "labeled_predictions").size()
              < expectedLabels.size()
          && System.nanoTime() < deadline) {
        assertFalse(second.getJobStatus().get().isGloballyTerminalState(), "the job ended");
        Thread.sleep(300);
      }
      FLINK.service().checkpoint(second.getJobID(), Duration.ofMinutes(2));
    } finally {
      second.cancel().get(1, TimeUnit.MINUTES);
    }

    Map<String, Boolean> labelled = new TreeMap<>();
    for (Record row : MonitoringRows.read(ICEBERG.catalog(), "labeled_predictions")) {
      assertEquals(
          null,
          labelled.put((String) row.getField("request_id"), (Boolean) row.getField("label")),
          "labelled twice: " + row.getField("request_id"));
    }
    assertEquals(expectedLabels, labelled);
    long lateJoined =
        flights.stream()
            .filter(f -> f.fate() == Fate.LATE_WITHIN_WAIT)
            .filter(f -> labelled.containsKey(f.key() + "-1"))
            .count();
    assertTrue(lateJoined >= 3, "late labels within their wait joined: " + lateJoined);
    assertTrue(
        flights.stream()
            .filter(f -> f.fate() == Fate.BEYOND_WAIT)
            .noneMatch(f -> labelled.containsKey(f.key() + "-1")),
        "labels beyond their wait join nothing");
    MetricRowsAssert.equalTo(
        expected, MonitoringRows.read(ICEBERG.catalog(), "model_metrics"), MODEL);
  }

  private static void add(
      Map<String, WindowQuality> expected, String version, WindowKey window, JoinOutcome outcome) {
    expected
        .computeIfAbsent(
            version + " " + window.granularity() + " " + window.start(),
            k -> new WindowQuality(MODEL.monitoring().threshold()))
        .add(outcome);
  }

  /** The monitor job, unbounded, restored from {@code savepointOrNull} when given. */
  private static JobClient start(String savepointOrNull) throws Exception {
    LocalFlinkCluster cluster = FLINK.service();
    Configuration config = cluster.jobDefaults();
    if (savepointOrNull != null) {
      config.set(StateRecoveryOptions.SAVEPOINT_PATH, savepointOrNull);
    }
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment(
            cluster.restAddress().getHost(), cluster.restAddress().getPort(), config);
    env.setParallelism(2);
    env.enableCheckpointing(300);
    new MonitorJob(
            MODEL,
            MonitorSettings.of(
                    KAFKA.bootstrapServers(),
                    false,
                    new CatalogConfig(LocalIcebergCatalog.NAME, ICEBERG.properties()))
                .withPredictionOutOfOrderness(Duration.ofMinutes(10))
                .withPredictionIdleness(Duration.ofSeconds(3)))
        .build(env);
    return env.executeAsync("monitor" + (savepointOrNull == null ? "" : " (restored)"));
  }

  /** Waits until every hour in [from, to] of each version has its row in the table. */
  private static void awaitHours(JobClient job, Set<String> versions, long from, long to)
      throws Exception {
    Set<String> wanted = new TreeSet<>();
    for (String version : versions) {
      for (long hour = from; hour <= to; hour += HOUR) {
        wanted.add(version + " " + hour);
      }
    }
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    while (true) {
      Set<String> written = new HashSet<>();
      for (Record row : MonitoringRows.read(ICEBERG.catalog(), "model_metrics")) {
        if (row.getField("granularity").equals("HOUR")) {
          written.add(
              row.getField("version") + " " + MonitoringRows.millis(row.getField("window_start")));
        }
      }
      if (written.containsAll(wanted)) {
        return;
      }
      Set<String> missing = new TreeSet<>(wanted);
      missing.removeAll(written);
      assertTrue(System.nanoTime() < deadline, "hours never written: " + missing);
      assertFalse(
          job.getJobStatus().get().isGloballyTerminalState(),
          "the job ended before writing the hours " + wanted);
      Thread.sleep(300);
    }
  }

  private static void publishPredictions(List<Prediction> predictions) {
    List<Prediction> shuffled = new ArrayList<>(predictions);
    // out of order by less than the 10 minute bound the job is given
    shuffled.sort(
        Comparator.comparingLong(p -> p.time() + (p.requestId().hashCode() & 0x7) * 60_000L));
    KafkaTopics.publish(
        KAFKA.bootstrapServers(),
        DeploymentPlan.PREDICTIONS_TOPIC,
        shuffled.stream().map(MonitorJobTest::json).toList(),
        2);
  }

  private static void publishLabels(String topic, List<Flight> labels) {
    List<ParsedEvent> events = new ArrayList<>();
    for (Flight f : labels) {
      events.add(new ParsedEvent(f.row(), f.label().time()));
    }
    KafkaTopics.publish(
        KAFKA.bootstrapServers(), topic, KafkaTopics.asJson(MODEL.label().source(), events), 2);
  }
}
