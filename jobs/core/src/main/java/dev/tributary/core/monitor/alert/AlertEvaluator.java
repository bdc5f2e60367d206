package dev.tributary.core.monitor.alert;

import dev.tributary.core.defs.AlertRule;
import dev.tributary.core.defs.ModelMonitoring;
import dev.tributary.core.monitor.drift.DriftLevel;
import dev.tributary.core.monitor.drift.DriftResult;
import dev.tributary.core.monitor.quality.QualityResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a model's alert rules over one window of one version. A rule whose input is missing (no
 * training AUC, no requests, fewer than {@code min_labels} labels of a class) stays silent: an
 * alert must mean the rule was broken, not that data was thin.
 */
public final class AlertEvaluator {
  private final ModelMonitoring monitoring;

  public AlertEvaluator(ModelMonitoring monitoring) {
    this.monitoring = monitoring;
  }

  public List<Alert> evaluate(WindowSummary window) {
    List<Alert> alerts = new ArrayList<>();
    for (AlertRule rule : monitoring.alerts()) {
      double observed = observed(rule.kind(), window);
      if (!Double.isNaN(observed) && broken(rule.kind(), observed, rule.threshold())) {
        alerts.add(
            alert(
                window,
                rule.kind().key(),
                Alert.Severity.ALERT,
                window.model(),
                observed,
                rule.threshold(),
                describe(rule.kind(), observed, rule.threshold())));
      }
    }
    for (DriftResult drift : window.drift()) {
      if (drift.level() != DriftLevel.OK) {
        boolean alert = drift.level() == DriftLevel.ALERT;
        alerts.add(
            alert(
                window,
                "drift",
                alert ? Alert.Severity.ALERT : Alert.Severity.WARNING,
                drift.feature(),
                drift.psi(),
                alert ? monitoring.drift().psiAlert() : monitoring.drift().psiWarn(),
                String.format(
                    "feature %s drifted: PSI %.3f, KS %.3f (+- %.3f), null rate %.3f -> %.3f",
                    drift.feature(),
                    drift.psi(),
                    drift.ks(),
                    drift.ksErrorBound(),
                    drift.baselineNullRate(),
                    drift.liveNullRate())));
      }
    }
    return alerts;
  }

  /** The rule's observed value in the window; NaN when the window cannot say. */
  private double observed(AlertRule.Kind kind, WindowSummary window) {
    switch (kind) {
      case AUC_DROP:
        QualityResult quality = window.quality();
        if (quality == null
            || window.trainingAuc() == null
            || quality.positives() < monitoring.minLabels()
            || quality.count() - quality.positives() < monitoring.minLabels()) {
          return Double.NaN;
        }
        return window.trainingAuc() - quality.auc();
      case P99_LATENCY:
        return window.requestLatency() == null || window.requestLatency().count() == 0
            ? Double.NaN
            : window.requestLatency().p99() / 1000.0;
      case ERROR_RATE:
        return window.errorRate();
      case LABEL_COVERAGE:
        return window.labelCoverage();
      default:
        throw new IllegalStateException("unknown rule " + kind);
    }
  }

  private static boolean broken(AlertRule.Kind kind, double observed, double threshold) {
    return kind == AlertRule.Kind.LABEL_COVERAGE ? observed < threshold : observed > threshold;
  }

  private static String describe(AlertRule.Kind kind, double observed, double threshold) {
    switch (kind) {
      case AUC_DROP:
        return String.format(
            "AUC dropped %.4f below the training AUC (limit %.4f)", observed, threshold);
      case P99_LATENCY:
        return String.format("p99 latency %.1f ms above %.1f ms", observed, threshold);
      case ERROR_RATE:
        return String.format("error rate %.4f above %.4f", observed, threshold);
      default:
        return String.format("label coverage %.3f below %.3f", observed, threshold);
    }
  }

  private static Alert alert(
      WindowSummary window,
      String rule,
      Alert.Severity severity,
      String subject,
      double observed,
      double threshold,
      String message) {
    return new Alert(
        window.model(),
        window.version(),
        window.window(),
        rule,
        severity,
        subject,
        observed,
        threshold,
        window.model() + " version " + window.version() + ": " + message);
  }
}
