package dev.tributary.flink.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.AlertRule;
import dev.tributary.core.defs.Model;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.monitor.Granularity;
import dev.tributary.core.monitor.WindowKey;
import dev.tributary.core.monitor.ab.AbLooks;
import dev.tributary.core.monitor.ab.AbResult;
import dev.tributary.core.monitor.ab.VersionQualities;
import dev.tributary.core.monitor.alert.WindowSummary;
import dev.tributary.core.monitor.drift.DriftResult;
import dev.tributary.core.monitor.labels.JoinOutcome;
import dev.tributary.core.monitor.labels.LabelEvent;
import dev.tributary.core.monitor.labels.Prediction;
import dev.tributary.core.monitor.latency.LatencyPercentiles;
import dev.tributary.core.monitor.report.ModelReport;
import dev.tributary.core.monitor.report.RenderedReport;
import dev.tributary.core.monitor.report.ReportPage;
import dev.tributary.core.monitor.report.SplitChange;
import dev.tributary.core.monitor.serving.DriftFeatures;
import dev.tributary.core.monitor.serving.ServedPrediction;
import dev.tributary.core.monitor.serving.ServingWindow;
import dev.tributary.core.monitor.serving.TrainingReference;
import dev.tributary.core.score.SplitHistory;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.iceberg.BaselineTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drift, latency and A/B tests of the monitor job on real Kafka and Iceberg. A training baseline of
 * every model input goes into {@code training.flight_delay__stats}; requests of two versions draw
 * every input from its baseline's distribution except one, shifted by one standard deviation. Only
 * that input may raise a drift alert (or warning), in every window of both versions; the drift,
 * latency and A/B rows must equal the core's over the same predictions and labels. Watermarks move
 * only at the end of input, so every window and look is deterministic.
 */
class MonitorServingTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  private static final long SEED = Long.getLong("tributary.test.seed", 20261207L);
  private static final Model MODEL =
      FlightsSample.definitions().model("flight_delay").orElseThrow();

  @Test
  void onlyTheShiftedInputDriftsAndLatencyAndAbRowsAreTheCores() throws Exception {
    System.out.println("seed " + SEED + " (-Dtributary.test.seed=... replays)");
    ServingSample sample =
        new ServingSample(
            MODEL,
            new Random(SEED),
            Instant.parse("2001-03-01T02:00:00Z").toEpochMilli(),
            600,
            18_000L);
    BaselineTable.store(ICEBERG.catalog(), MODEL.name(), sample.baselines, Map.of());
    Path repository = Files.createTempDirectory("monitor-serving-models");
    Model model = sample.withModelRepository(repository, new Random(SEED + 1));
    DriftFeatures inputs = DriftFeatures.of(sample.columns, sample.baselines);
    Map<String, DriftFeatures> features = new TreeMap<>();
    TrainingReference.readAll(repository, MODEL.tritonModel())
        .forEach((version, ref) -> features.put(version, inputs.withScore(ref.scoreBaseline())));
    sample.publish(KAFKA);

    BoundedMonitorRun.run(model, KAFKA, ICEBERG, FLINK);

    Map<String, ServingWindow> windows = new TreeMap<>();
    for (ServedPrediction p : sample.served) {
      for (WindowKey window : WindowKey.of(p.time())) {
        windows
            .computeIfAbsent(
                id(p.version(), window), k -> new ServingWindow(features.get(p.version())))
            .add(p, features.get(p.version()));
      }
    }
    assertDriftRows(windows, features);
    assertLatencyRows(windows);
    assertOnlyTheShiftedInputAndVersion2sScoreAlert(
        windows.keySet(), sample.columns.get(ServingSample.SHIFTED));
    assertAucDropAgainstTheHeldOutAuc(sample.predictions, sample.labels);
    assertAbRows(sample.predictions, sample.labels);
    assertReportFromTheTables(windows.keySet());
  }

  /**
   * What {@code tributary report} reads and renders: every hour of both versions with quality,
   * drift and latency, the last A/B look, the drift alerts; the page opens in headless Chromium
   * without errors and draws every chart (saved under {@code target/monitor-report-tables/}).
   */
  private static void assertReportFromTheTables(Set<String> windows) throws Exception {
    Scoring scoring = FlightsSample.definitions().scorings().get(0);
    long start = Instant.parse("2001-03-01T00:00:00Z").toEpochMilli();
    ModelReport report =
        new ReportReader(ICEBERG.catalog(), MODEL.name(), Long.MIN_VALUE, Long.MAX_VALUE)
            .read(
                SplitHistory.of(scoring).splits().stream()
                    .map(split -> SplitChange.of(split, start))
                    .toList(),
                start);
    Set<String> hours =
        windows.stream().filter(w -> w.contains(" HOUR ")).collect(Collectors.toSet());
    assertEquals(
        hours,
        report.windows().stream()
            .map(w -> id(w.version(), w.window()))
            .collect(Collectors.toSet()));
    for (WindowSummary window : report.windows()) {
      assertTrue(window.quality() != null && window.quality().count() > 0, window.toString());
      assertEquals(MODEL.inputs().size() + 1, window.drift().size(), "the inputs and the score");
      assertTrue(window.requestLatency().p99() > 0);
    }
    List<Record> looks = MonitoringRows.read(ICEBERG.catalog(), "ab_tests");
    Record last =
        looks.stream()
            .max(Comparator.comparingLong(r -> MonitoringRows.millis(r.getField("as_of"))))
            .orElseThrow();
    assertEquals(
        describe(last), describe(MonitoringRows.millis(last.getField("as_of")), report.abTest()));
    assertTrue(report.alerts().stream().anyMatch(a -> a.rule().equals("drift")));
    RenderedReport.assertRenders(
        ReportPage.render(report), Path.of("target", "monitor-report-tables"));
  }

  /** Every input's and the score's drift row equal the core's over the same predictions. */
  private static void assertDriftRows(
      Map<String, ServingWindow> windows, Map<String, DriftFeatures> features) throws Exception {
    Map<String, Record> last = lastRows("drift", r -> " " + r.getField("feature"));
    assertEquals(windows.size() * (MODEL.inputs().size() + 1), last.size());
    for (var entry : windows.entrySet()) {
      DriftFeatures version = features.get(entry.getKey().split(" ")[0]);
      for (DriftResult d : entry.getValue().drift(version, MODEL.monitoring().drift())) {
        String what = entry.getKey() + " " + d.feature();
        Record row = last.get(what);
        assertEquals(d.count(), row.getField("count"), what);
        assertEquals(d.psi(), (Double) row.getField("psi"), 1e-12, what);
        assertEquals(d.jensenShannon(), (Double) row.getField("js_distance"), 1e-12, what);
        assertEquals(d.liveNullRate(), (Double) row.getField("live_null_rate"), 1e-12, what);
        assertEquals(d.baselineNullRate(), (Double) row.getField("baseline_null_rate"), 1e-12);
        // KLL compaction is randomized: the job's sketch and this one differ within their bounds
        assertEquals(d.ks(), (Double) row.getField("ks"), 2 * d.ksErrorBound(), what);
        assertEquals(d.level().name(), row.getField("level"), what);
      }
    }
  }

  private static void assertLatencyRows(Map<String, ServingWindow> windows) throws Exception {
    Map<String, Record> last = lastRows("latency", r -> "");
    assertEquals(windows.keySet(), last.keySet());
    for (var entry : windows.entrySet()) {
      Record row = last.get(entry.getKey());
      assertEquals(entry.getValue().requests(), row.getField("requests"), entry.getKey());
      LatencyPercentiles inference = entry.getValue().inferenceLatency();
      LatencyPercentiles request = entry.getValue().requestLatency();
      assertEquals(
          List.of(inference.p50(), inference.p95(), inference.p99(), inference.max()),
          List.of(
              row.getField("inference_p50_us"),
              row.getField("inference_p95_us"),
              row.getField("inference_p99_us"),
              row.getField("inference_max_us")),
          entry.getKey());
      assertEquals(
          List.of(request.p50(), request.p95(), request.p99(), request.max()),
          List.of(
              row.getField("request_p50_us"),
              row.getField("request_p95_us"),
              row.getField("request_p99_us"),
              row.getField("request_max_us")),
          entry.getKey());
    }
  }

  /**
   * The shifted input alerts in every window of both versions; the score in every window of version
   * 2 (whose live scores sit 0.4 above its baseline for late flights) and in none of version 1
   * (whose live scores follow its baseline); nothing else drifts.
   */
  private static void assertOnlyTheShiftedInputAndVersion2sScoreAlert(
      Set<String> windows, String shifted) throws Exception {
    Set<String> alerted = new TreeSet<>();
    Set<String> scoreAlerted = new TreeSet<>();
    for (Record alert : MonitoringRows.read(ICEBERG.catalog(), "alerts")) {
      if (alert.getField("rule").equals("drift")) {
        String subject = (String) alert.getField("subject");
        assertTrue(
            subject.equals(shifted) || subject.equals(TrainingReference.SCORE),
            "only the shifted input and the score drift: " + subject);
        assertEquals("ALERT", alert.getField("severity"));
        (subject.equals(shifted) ? alerted : scoreAlerted)
            .add(
                id(
                    (String) alert.getField("version"),
                    new WindowKey(
                        Granularity.valueOf((String) alert.getField("granularity")),
                        MonitoringRows.millis(alert.getField("window_start")))));
      }
    }
    assertEquals(windows, alerted, "every window of both versions sees the shift");
    assertEquals(
        windows.stream().filter(w -> w.startsWith("2 ")).collect(Collectors.toSet()),
        scoreAlerted,
        "version 2's score drifts in every window, version 1's in none");
  }

  /**
   * {@code auc_drop} fires in exactly the hours where the held-out AUC recorded in metadata.json
   * minus the hour's AUC, counted here pair by pair over the labelled predictions, is above the
   * rule's threshold, with at least {@code min_labels} labels of each class; the observed drop is
   * that difference within the histogram AUC's error bound.
   */
  private static void assertAucDropAgainstTheHeldOutAuc(
      List<Prediction> predictions, List<LabelEvent> labels) throws Exception {
    long wait = MODEL.monitoring().labelWait().toMillis();
    double threshold =
        MODEL.monitoring().alerts().stream()
            .filter(r -> r.kind() == AlertRule.Kind.AUC_DROP)
            .findFirst()
            .orElseThrow()
            .threshold();
    Map<String, List<double[]>> hours = new TreeMap<>();
    for (Prediction p : predictions) {
      JoinOutcome outcome = BruteForceJoin.outcome(p, labels, wait);
      if (outcome.status() == JoinOutcome.Status.LABELLED) {
        hours
            .computeIfAbsent(
                id(
                    p.version(),
                    new WindowKey(Granularity.HOUR, Granularity.HOUR.startOf(p.time()))),
                k -> new ArrayList<>())
            .add(new double[] {p.score(), outcome.label().value() ? 1 : 0});
      }
    }
    Map<String, Double> expected = new TreeMap<>();
    hours.forEach(
        (hour, scored) -> {
          long positives = scored.stream().filter(s -> s[1] == 1).count();
          if (positives >= MODEL.monitoring().minLabels()
              && scored.size() - positives >= MODEL.monitoring().minLabels()) {
            double drop = ServingSample.HELD_OUT_AUC.get(hour.split(" ")[0]) - pairwiseAuc(scored);
            if (drop > threshold) {
              expected.put(hour, drop);
            }
          }
        });
    Map<String, Double> actual = new TreeMap<>();
    for (Record alert : MonitoringRows.read(ICEBERG.catalog(), "alerts")) {
      if (alert.getField("rule").equals("auc_drop")
          && alert.getField("granularity").equals("HOUR")) {
        actual.put(
            id(
                (String) alert.getField("version"),
                new WindowKey(
                    Granularity.HOUR, MonitoringRows.millis(alert.getField("window_start")))),
            (Double) alert.getField("observed"));
      }
    }
    assertEquals(expected.keySet(), actual.keySet());
    assertTrue(expected.size() >= 3, "version 1 falls short of its held-out AUC: " + expected);
    assertTrue(expected.keySet().stream().allMatch(h -> h.startsWith("1 ")), expected.toString());
    expected.forEach((hour, drop) -> assertEquals(drop, actual.get(hour), 0.002, hour));
  }

  /** Share of (positive, negative) pairs whose scores are ordered right, ties one half. */
  private static double pairwiseAuc(List<double[]> scored) {
    double pairs = 0;
    double right = 0;
    for (double[] positive : scored) {
      for (double[] negative : scored) {
        if (positive[1] == 1 && negative[1] == 0) {
          pairs++;
          right += positive[0] > negative[0] ? 1 : positive[0] == negative[0] ? 0.5 : 0;
        }
      }
    }
    return right / pairs;
  }

  private static void assertAbRows(List<Prediction> predictions, List<LabelEvent> labels)
      throws Exception {
    long wait = MODEL.monitoring().labelWait().toMillis();
    TreeMap<Long, VersionQualities> hours = new TreeMap<>();
    for (Prediction p : predictions) {
      JoinOutcome outcome = BruteForceJoin.outcome(p, labels, wait);
      if (outcome.status() == JoinOutcome.Status.LABELLED) {
        hours
            .computeIfAbsent(
                Granularity.HOUR.startOf(p.time()),
                h -> new VersionQualities(MODEL.monitoring().threshold()))
            .add(p.version(), p.score(), outcome.label().value());
      }
    }
    AbLooks looks =
        new AbLooks(
            MODEL.monitoring().threshold(), SplitAbTests.ALPHA, MODEL.monitoring().minLabels());
    List<String> expected = new ArrayList<>();
    for (var hour : hours.entrySet()) {
      long asOf = hour.getKey() + Granularity.HOUR.millis() + wait;
      for (AbResult r : looks.look(hour.getValue())) {
        expected.add(describe(asOf, r));
      }
    }
    List<String> actual =
        MonitoringRows.read(ICEBERG.catalog(), "ab_tests").stream()
            .sorted(Comparator.comparingLong(r -> MonitoringRows.millis(r.getField("as_of"))))
            .map(MonitorServingTest::describe)
            .toList();
    assertEquals(expected, actual);
    assertTrue(expected.size() >= 3, "a look per hour with labels: " + expected.size());
  }

  private static String describe(long asOf, AbResult r) {
    return String.format(
        "%d %s-%s n=%d/%d auc %.10f±%.10f p=%.10g av=%.10g ll %.10f±%.10f av=%.10g"
            + " acc %.10f±%.10f av=%.10g %s",
        asOf,
        r.control(),
        r.candidate(),
        r.controlCount(),
        r.candidateCount(),
        r.auc().estimate(),
        r.auc().standardError(),
        r.auc().pValue(),
        r.aucAlwaysValidP(),
        r.logLoss().estimate(),
        r.logLoss().standardError(),
        r.logLossAlwaysValidP(),
        r.accuracy().estimate(),
        r.accuracy().standardError(),
        r.accuracyAlwaysValidP(),
        r.verdict());
  }

  private static String describe(Record row) {
    return String.format(
        "%d %s-%s n=%d/%d auc %.10f±%.10f p=%.10g av=%.10g ll %.10f±%.10f av=%.10g"
            + " acc %.10f±%.10f av=%.10g %s",
        MonitoringRows.millis(row.getField("as_of")),
        row.getField("control"),
        row.getField("candidate"),
        row.getField("control_count"),
        row.getField("candidate_count"),
        row.getField("auc_diff"),
        row.getField("auc_se"),
        row.getField("auc_p"),
        row.getField("auc_always_valid_p"),
        row.getField("log_loss_diff"),
        row.getField("log_loss_se"),
        row.getField("log_loss_always_valid_p"),
        row.getField("accuracy_diff"),
        row.getField("accuracy_se"),
        row.getField("accuracy_always_valid_p"),
        row.getField("verdict"));
  }

  /** Per window (and {@code suffix}), the row with the latest {@code as_of}: the window's final. */
  private static Map<String, Record> lastRows(
      String table, java.util.function.Function<Record, String> suffix) throws Exception {
    Map<String, Record> last = new HashMap<>();
    for (Record row : MonitoringRows.read(ICEBERG.catalog(), table)) {
      String key =
          id(
                  (String) row.getField("version"),
                  new WindowKey(
                      Granularity.valueOf((String) row.getField("granularity")),
                      MonitoringRows.millis(row.getField("window_start"))))
              + suffix.apply(row);
      Record before = last.get(key);
      if (before == null
          || MonitoringRows.millis(before.getField("as_of"))
              < MonitoringRows.millis(row.getField("as_of"))) {
        last.put(key, row);
      }
    }
    return last;
  }

  private static String id(String version, WindowKey window) {
    return version + " " + window.granularity() + " " + window.start();
  }
}
