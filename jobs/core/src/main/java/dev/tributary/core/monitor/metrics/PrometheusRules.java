package dev.tributary.core.monitor.metrics;

import dev.tributary.core.defs.AlertRule;
import dev.tributary.core.defs.Model;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A model's alert rules (models.yaml {@code monitoring:}) as a Prometheus alerting-rules file over
 * the gauges the monitor job exports ({@link MonitorMetric}), so the alerts the job writes to
 * {@code monitoring.alerts} also fire in Alertmanager.
 *
 * <p>{@code auc_drop} compares the version's hourly AUC with its held-out AUC of training, both
 * gauges of the same operator (so their label sets match); the drift rules cover every input and
 * the score (series {@code feature="score"}); {@code error_rate} is the share of the version's
 * requests that ended as dead letters in the hour.
 */
public final class PrometheusRules {
  private PrometheusRules() {}

  public static String of(Model model) {
    String selector = "{model=\"" + model.name() + "\"}";
    List<Map<String, Object>> rules = new ArrayList<>();
    var drift = model.monitoring().drift();
    rules.add(
        rule(
            model,
            "DriftAlert",
            MonitorMetric.PSI.prometheusName() + selector + " >= " + number(drift.psiAlert()),
            "critical",
            "{{ $labels.feature }} (an input, or the score) of version {{ $labels.version }}"
                + " drifted: PSI {{ $value }} >= "
                + number(drift.psiAlert())));
    rules.add(
        rule(
            model,
            "DriftWarning",
            MonitorMetric.PSI.prometheusName()
                + selector
                + " >= "
                + number(drift.psiWarn())
                + " < "
                + number(drift.psiAlert()),
            "warning",
            "{{ $labels.feature }} (an input, or the score) of version {{ $labels.version }}"
                + " drifts: PSI {{ $value }}"));
    for (AlertRule alert : model.monitoring().alerts()) {
      String t = number(alert.threshold());
      switch (alert.kind()) {
        case AUC_DROP ->
            rules.add(
                rule(
                    model,
                    "AucDrop",
                    MonitorMetric.TRAINING_AUC.prometheusName()
                        + selector
                        + " - "
                        + MonitorMetric.AUC.prometheusName()
                        + selector
                        + " > "
                        + t,
                    "critical",
                    "AUC of version {{ $labels.version }} is more than "
                        + t
                        + " below its AUC on the held-out rows of training"));
        case P99_LATENCY ->
            rules.add(
                rule(
                    model,
                    "P99Latency",
                    MonitorMetric.REQUEST_LATENCY_P99_US.prometheusName()
                        + selector
                        + " > "
                        + number(alert.threshold() * 1000),
                    "critical",
                    "p99 request latency of version {{ $labels.version }} is {{ $value }} µs,"
                        + " above "
                        + t
                        + " ms"));
        case LABEL_COVERAGE ->
            rules.add(
                rule(
                    model,
                    "LabelCoverage",
                    MonitorMetric.LABEL_COVERAGE.prometheusName() + selector + " < " + t,
                    "critical",
                    "label coverage of version {{ $labels.version }} is {{ $value }}, below " + t));
        case ERROR_RATE ->
            rules.add(
                rule(
                    model,
                    "ErrorRate",
                    MonitorMetric.ERROR_RATE.prometheusName() + selector + " > " + t,
                    "critical",
                    "{{ $value }} of the requests of version {{ $labels.version }} ended as dead"
                        + " letters, above "
                        + t));
      }
    }
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("name", "tributary-" + model.name());
    group.put("rules", rules);
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(200);
    return "# Prometheus alerting rules of model '"
        + model.name()
        + "', from "
        + model.at()
        + " (tributary plan --prometheus-rules).\n"
        + "# Over the monitor job's gauges (the last finished hour per version). auc_drop compares"
        + " with the\n# version's held-out AUC of training; drift covers the inputs and the score;"
        + " error_rate is\n# dead letters / (predictions + dead letters).\n"
        + new Yaml(options).dump(Map.of("groups", List.of(group)));
  }

  private static Map<String, Object> rule(
      Model model, String name, String expr, String severity, String summary) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("alert", camel(model.name()) + name);
    rule.put("expr", expr);
    rule.put("labels", Map.of("severity", severity, "model", model.name()));
    rule.put("annotations", Map.of("summary", summary));
    return rule;
  }

  private static String camel(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.split("[^A-Za-z0-9]+")) {
      if (!part.isEmpty()) {
        out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    return out.toString();
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.valueOf((long) value)
        : String.valueOf(value);
  }
}
