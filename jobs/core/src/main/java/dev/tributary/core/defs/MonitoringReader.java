package dev.tributary.core.defs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;

/**
 * Reads the {@code monitoring:} block of a model ({@link ModelMonitoring}); absent keys take the
 * defaults, out-of-range values are reported with their file and line.
 */
final class MonitoringReader {
  private MonitoringReader() {}

  /** The model's monitoring; the defaults when {@code yaml} is null; null after a problem. */
  static ModelMonitoring read(YamlMapping yaml) {
    ModelMonitoring defaults = ModelMonitoring.DEFAULTS;
    if (yaml == null) {
      return defaults;
    }
    Problems problems = yaml.problems();
    int before = problems.size();
    Double threshold = share(yaml, "threshold", false);
    Duration labelWait = yaml.optionalDuration("label_wait", defaults.labelWait());
    if (labelWait != null && labelWait.isZero()) {
      problems.add(
          yaml.optionalScalar("label_wait").at(),
          "'label_wait' of " + yaml.what() + " must be longer than 0: how long a prediction waits");
    }
    Double minLabels =
        number(
            yaml,
            "min_labels",
            value -> value >= 1 && value == Math.rint(value),
            "write a whole number of at least 1");
    DriftThresholds drift = drift(yaml.mapping("drift", "drift thresholds", false));
    List<AlertRule> alerts = alerts(yaml.mapping("alerts", "alert rules", false));
    yaml.rejectUnknownKeys();
    if (problems.size() > before || labelWait == null) {
      return null;
    }
    return new ModelMonitoring(
        threshold == null ? defaults.threshold() : threshold,
        labelWait,
        minLabels == null ? defaults.minLabels() : minLabels.longValue(),
        drift,
        alerts);
  }

  private static DriftThresholds drift(YamlMapping yaml) {
    DriftThresholds defaults = DriftThresholds.DEFAULTS;
    if (yaml == null) {
      return defaults;
    }
    Double psiWarn = positive(yaml, "psi_warn");
    Double psiAlert = positive(yaml, "psi_alert");
    Double ksAlert = share(yaml, "ks_alert", false);
    Double nullRateAlert = share(yaml, "null_rate_alert", false);
    yaml.rejectUnknownKeys();
    double warn = psiWarn == null ? defaults.psiWarn() : psiWarn;
    double alert = psiAlert == null ? defaults.psiAlert() : psiAlert;
    if (warn >= alert) {
      yaml.problems()
          .add(
              yaml.location(),
              "psi_warn ("
                  + warn
                  + ") must be below psi_alert ("
                  + alert
                  + "): a warning comes before an alert");
    }
    return new DriftThresholds(
        warn,
        alert,
        ksAlert == null ? Double.NaN : ksAlert,
        nullRateAlert == null ? Double.NaN : nullRateAlert);
  }

  private static List<AlertRule> alerts(YamlMapping yaml) {
    List<AlertRule> rules = new ArrayList<>();
    if (yaml == null) {
      return rules;
    }
    for (AlertRule.Kind kind : AlertRule.Kind.values()) {
      if (!yaml.has(kind.key())) {
        yaml.value(kind.key()); // listed among the known keys when a typo is reported
        continue;
      }
      Double threshold;
      if (kind == AlertRule.Kind.P99_LATENCY) {
        Duration duration = yaml.optionalDuration(kind.key(), null);
        threshold = duration == null ? null : (double) duration.toMillis();
      } else {
        threshold = share(yaml, kind.key(), true);
      }
      if (threshold != null) {
        rules.add(new AlertRule(kind, threshold, yaml.location()));
      }
    }
    yaml.rejectUnknownKeys();
    return rules;
  }

  /** A share: in [0, 1] when {@code closed}, else strictly between; null when absent or bad. */
  private static Double share(YamlMapping yaml, String key, boolean closed) {
    return number(
        yaml,
        key,
        value -> closed ? value >= 0 && value <= 1 : value > 0 && value < 1,
        closed ? "write a share from 0 to 1" : "write a share between 0 and 1 (exclusive)");
  }

  private static Double positive(YamlMapping yaml, String key) {
    return number(yaml, key, value -> value > 0, "write a number above 0");
  }

  private static Double number(
      YamlMapping yaml, String key, DoublePredicate valid, String whatToWrite) {
    Located<String> text = yaml.optionalScalar(key);
    if (text == null) {
      return null;
    }
    double value;
    try {
      value = Double.parseDouble(text.value());
    } catch (NumberFormatException notANumber) {
      value = Double.NaN;
    }
    if (!valid.test(value)) {
      yaml.problems()
          .add(
              text.at(),
              "'" + key + "' of " + yaml.what() + " is '" + text.value() + "': " + whatToWrite);
      return null;
    }
    return value;
  }
}
