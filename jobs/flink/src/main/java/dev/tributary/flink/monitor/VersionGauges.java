package dev.tributary.flink.monitor;

import dev.tributary.core.monitor.Granularity;
import dev.tributary.core.monitor.alert.WindowSummary;
import dev.tributary.core.monitor.drift.DriftResult;
import dev.tributary.core.monitor.latency.LatencyPercentiles;
import dev.tributary.core.monitor.metrics.MonitorMetric;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The {@link MonitorMetric} gauges per model version, holding the values of the version's last
 * finished hour: the numbers a dashboard shows and the Prometheus alerting rules of {@code
 * tributary plan --prometheus-rules} fire on. Groups are key-value groups ({@code model}, {@code
 * version}, {@code feature}), which reporters such as Prometheus turn into labels: {@code
 * flink_taskmanager_job_task_operator_model_version_auc{model="flight_delay",version="2"}}.
 *
 * <p>A gauge is registered when its version (or feature) first finishes an hour and reads NaN until
 * it has a value; hours without labels leave the quality gauges at their last value.
 */
final class VersionGauges {
  private final MetricGroup operator;
  private final String model;
  private final Map<String, Value> values = new HashMap<>();

  VersionGauges(MetricGroup operator, String model) {
    this.operator = operator;
    this.model = model;
  }

  /** A finished hour's quality and label coverage, and the version's training AUC. */
  void quality(WindowSummary window) {
    if (window.window().granularity() != Granularity.HOUR) {
      return;
    }
    String version = window.version();
    if (window.trainingAuc() != null) {
      set(version, null, MonitorMetric.TRAINING_AUC, window.trainingAuc());
    }
    if (window.quality() != null) {
      set(version, null, MonitorMetric.AUC, window.quality().auc());
      set(version, null, MonitorMetric.LOG_LOSS, window.quality().logLoss());
    }
    set(version, null, MonitorMetric.LABEL_COVERAGE, window.labelCoverage());
  }

  /** A finished hour's drift and latency. */
  void serving(WindowSummary window, LatencyPercentiles inference) {
    if (window.window().granularity() != Granularity.HOUR) {
      return;
    }
    String version = window.version();
    for (DriftResult drift : window.drift()) {
      set(version, drift.feature(), MonitorMetric.PSI, drift.psi());
    }
    LatencyPercentiles request = window.requestLatency();
    set(version, null, MonitorMetric.REQUEST_LATENCY_P50_US, request.p50());
    set(version, null, MonitorMetric.REQUEST_LATENCY_P95_US, request.p95());
    set(version, null, MonitorMetric.REQUEST_LATENCY_P99_US, request.p99());
    set(version, null, MonitorMetric.INFERENCE_LATENCY_P99_US, inference.p99());
  }

  /** A finished hour's error rate. */
  void errors(WindowSummary window) {
    if (window.window().granularity() == Granularity.HOUR) {
      set(window.version(), null, MonitorMetric.ERROR_RATE, window.errorRate());
    }
  }

  private void set(String version, String feature, MonitorMetric metric, double value) {
    String id = version + "\u0000" + feature + "\u0000" + metric;
    values.computeIfAbsent(
                id,
                k -> {
                  MetricGroup group =
                      operator.addGroup("model", model).addGroup("version", version);
                  if (feature != null) {
                    group = group.addGroup("feature", feature);
                  }
                  Value holder = new Value();
                  group.gauge(metric.gauge(), (Gauge<Double>) holder::get);
                  return holder;
                })
            .value =
        value;
  }

  private static final class Value implements Supplier<Double> {
    private volatile double value = Double.NaN;

    @Override
    public Double get() {
      return value;
    }
  }
}
