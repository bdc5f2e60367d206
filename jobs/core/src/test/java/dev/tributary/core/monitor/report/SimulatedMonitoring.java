package dev.tributary.core.monitor.report;

import dev.tributary.core.defs.AlertRule;
import dev.tributary.core.defs.DriftThresholds;
import dev.tributary.core.defs.ModelMonitoring;
import dev.tributary.core.monitor.Granularity;
import dev.tributary.core.monitor.WindowKey;
import dev.tributary.core.monitor.ab.AbResult;
import dev.tributary.core.monitor.ab.AbTest;
import dev.tributary.core.monitor.alert.Alert;
import dev.tributary.core.monitor.alert.AlertEvaluator;
import dev.tributary.core.monitor.alert.WindowSummary;
import dev.tributary.core.monitor.drift.DriftResult;
import dev.tributary.core.monitor.drift.DriftState;
import dev.tributary.core.monitor.drift.DriftStatistics;
import dev.tributary.core.monitor.latency.LatencyState;
import dev.tributary.core.monitor.quality.QualityState;
import dev.tributary.core.training.BaselineStatistics;
import dev.tributary.core.training.FeatureBaseline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A day of a model with two versions, computed with the monitoring classes as the monitor job
 * would: a 90/10 split moved to 50/50 at noon, version 2 the better model, one feature drifting
 * from 16:00 and version 2 slower.
 */
final class SimulatedMonitoring {
  static final long DAY = 1_780_000_000_000L / 86_400_000L * 86_400_000L;
  static final String[] FEATURES = {"mean_delay_1h", "late_share_24h", "late_share_7d"};
  static final ModelMonitoring MONITORING =
      new ModelMonitoring(
          0.5,
          Duration.ofHours(6),
          20,
          DriftThresholds.DEFAULTS,
          List.of(
              new AlertRule(AlertRule.Kind.AUC_DROP, 0.05, null),
              new AlertRule(AlertRule.Kind.P99_LATENCY, 250, null),
              new AlertRule(AlertRule.Kind.LABEL_COVERAGE, 0.8, null)));

  private SimulatedMonitoring() {}

  static ModelReport day(long seed) {
    Random random = new Random(seed);
    List<FeatureBaseline> baselines = new ArrayList<>();
    for (String feature : FEATURES) {
      BaselineStatistics statistics = new BaselineStatistics(feature, 10);
      double[] values = random.doubles(5_000).map(u -> random.nextGaussian()).toArray();
      for (double v : values) {
        statistics.observe(v);
      }
      statistics.fixEdges();
      for (double v : values) {
        statistics.count(v);
      }
      baselines.add(statistics.result());
    }
    String[] versions = {"1", "2"};
    QualityState[] sinceStart = {new QualityState(0.5), new QualityState(0.5)};
    AbTest abTest = new AbTest("1", "2", 0.05, 30);
    AbResult ab = null;
    AlertEvaluator evaluator = new AlertEvaluator(MONITORING);
    List<WindowSummary> windows = new ArrayList<>();
    List<Alert> alerts = new ArrayList<>();
    for (int hour = 0; hour < 24; hour++) {
      long start = DAY + hour * Granularity.HOUR.millis();
      int candidateShare = hour < 12 ? 10 : 50;
      for (int v = 0; v < 2; v++) {
        int requests = 4000 * (v == 0 ? 100 - candidateShare : candidateShare) / 100;
        QualityState quality = new QualityState(0.5);
        LatencyState latency = new LatencyState();
        List<DriftState> drift = new ArrayList<>();
        baselines.forEach(b -> drift.add(DriftState.over(b)));
        long labelled = 0;
        for (int i = 0; i < requests; i++) {
          for (int f = 0; f < FEATURES.length; f++) {
            double shift = f == 2 && hour >= 16 ? 1.0 : 0.0;
            drift.get(f).add(random.nextGaussian() + shift, baselines.get(f));
          }
          latency.recordMicros((long) Math.exp((v == 0 ? 11 : 11.4) + 0.3 * random.nextGaussian()));
          if (random.nextDouble() < 0.9) {
            boolean label = random.nextDouble() < 0.3;
            double logit = -1 + (label ? (v == 0 ? 1.0 : 1.6) : 0) + random.nextGaussian();
            quality.add(1 / (1 + Math.exp(-logit)), label);
            labelled++;
          }
        }
        sinceStart[v].merge(quality);
        List<DriftResult> driftResults = new ArrayList<>();
        for (int f = 0; f < FEATURES.length; f++) {
          driftResults.add(
              DriftStatistics.against(baselines.get(f), drift.get(f), MONITORING.drift()));
        }
        WindowSummary window =
            new WindowSummary(
                "flight_delay",
                versions[v],
                new WindowKey(Granularity.HOUR, start),
                quality.result(),
                v == 0 ? 0.76 : 0.82,
                driftResults,
                latency.percentiles(),
                requests,
                0,
                labelled,
                requests - labelled);
        windows.add(window);
        alerts.addAll(evaluator.evaluate(window));
      }
      ab = abTest.look(sinceStart[0], sinceStart[1]);
    }
    List<SplitChange> splits =
        List.of(
            new SplitChange(DAY, "flight_delay_live#1", Map.of("1", 90, "2", 10)),
            new SplitChange(
                DAY + 12 * Granularity.HOUR.millis(),
                "flight_delay_live#2",
                Map.of("1", 50, "2", 50)));
    return new ModelReport(
        "flight_delay", DAY + Granularity.DAY.millis(), windows, ab, splits, alerts);
  }
}
