package dev.tributary.core.monitor.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.core.defs.AlertRule;
import dev.tributary.core.defs.DriftThresholds;
import dev.tributary.core.defs.ModelMonitoring;
import dev.tributary.core.monitor.WindowKey;
import dev.tributary.core.monitor.drift.DriftLevel;
import dev.tributary.core.monitor.drift.DriftResult;
import dev.tributary.core.monitor.latency.LatencyPercentiles;
import dev.tributary.core.monitor.quality.QualityResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertEvaluatorTest {
  private static final ModelMonitoring MONITORING =
      new ModelMonitoring(
          0.5,
          Duration.ofHours(6),
          100,
          DriftThresholds.DEFAULTS,
          List.of(
              rule(AlertRule.Kind.AUC_DROP, 0.05),
              rule(AlertRule.Kind.P99_LATENCY, 250),
              rule(AlertRule.Kind.ERROR_RATE, 0.01),
              rule(AlertRule.Kind.LABEL_COVERAGE, 0.8)));
  private static final AlertEvaluator EVALUATOR = new AlertEvaluator(MONITORING);

  private static AlertRule rule(AlertRule.Kind kind, double threshold) {
    return new AlertRule(kind, threshold, null);
  }

  private static QualityResult quality(double auc, long count, long positives) {
    return new QualityResult(count, positives, 0.3, 0.8, auc, 0, 0.01, 0.4, 0.15, List.of());
  }

  private static WindowSummary window(
      QualityResult quality,
      long p99Micros,
      long requests,
      long errors,
      long labelled,
      long unlabelled,
      List<DriftResult> drift) {
    return new WindowSummary(
        "flight_delay",
        "2",
        WindowKey.of(0).get(0),
        quality,
        0.80,
        drift,
        new LatencyPercentiles(requests, 1000, 2000, p99Micros, p99Micros),
        requests,
        errors,
        labelled,
        unlabelled);
  }

  private static List<String> rules(WindowSummary window) {
    return EVALUATOR.evaluate(window).stream().map(a -> a.rule() + "/" + a.severity()).toList();
  }

  @Test
  void aHealthyWindowRaisesNothing() {
    assertEquals(
        List.of(), rules(window(quality(0.78, 1000, 300), 200_000, 1000, 5, 900, 100, List.of())));
  }

  @Test
  void eachRuleFiresJustPastItsThreshold() {
    assertEquals(
        List.of("auc_drop/ALERT"),
        rules(window(quality(0.749, 1000, 300), 200_000, 1000, 5, 900, 100, List.of())));
    assertEquals(
        List.of("p99_latency/ALERT"),
        rules(window(quality(0.78, 1000, 300), 250_001, 1000, 5, 900, 100, List.of())));
    assertEquals(
        List.of("error_rate/ALERT"),
        rules(window(quality(0.78, 1000, 300), 200_000, 1000, 11, 900, 100, List.of())));
    assertEquals(
        List.of("label_coverage/ALERT"),
        rules(window(quality(0.78, 1000, 300), 200_000, 1000, 5, 799, 201, List.of())));
  }

  @Test
  void aucDropNeedsEnoughLabelsOfEachClass() {
    assertEquals(
        List.of(), rules(window(quality(0.5, 1000, 99), 200_000, 1000, 5, 900, 100, List.of())));
  }

  @Test
  void driftLevelsBecomeWarningsAndAlertsNamingTheFeature() {
    List<DriftResult> drift =
        List.of(
            new DriftResult("a", 100, 0.12, 0.1, 0.1, 0.02, 0, 0, DriftLevel.WARN),
            new DriftResult("b", 100, 0.01, 0.01, 0.01, 0.02, 0, 0, DriftLevel.OK),
            new DriftResult("c", 100, 0.4, 0.3, 0.3, 0.02, 0, 0, DriftLevel.ALERT));
    List<Alert> alerts =
        EVALUATOR.evaluate(window(quality(0.78, 1000, 300), 200_000, 1000, 5, 900, 100, drift));
    assertEquals(List.of("a", "c"), alerts.stream().map(Alert::subject).toList());
    assertEquals(
        List.of(Alert.Severity.WARNING, Alert.Severity.ALERT),
        alerts.stream().map(Alert::severity).toList());
  }
}
