package dev.tributary.flink.monitor;

import dev.tributary.core.monitor.Granularity;
import dev.tributary.core.monitor.alert.WindowSummary;
import dev.tributary.core.monitor.drift.DriftResult;
import dev.tributary.core.monitor.latency.LatencyPercentiles;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * Flink gauges per model version, holding the values of the version's last finished hour: the
 * numbers an operator watches on a dashboard and the Prometheus alerting rules of {@code tributary
 * plan --prometheus-rules} fire on. Groups are key-value groups ({@code model}, {@code version},
 * {@code feature}), which reporters such as Prometheus turn into labels: {@code
 * flink_taskmanager_job_task_operator_model_version_auc{model="flight_delay",version="2"}}.
 *
 * <p>A gauge is registered when its version (or feature) first finishes an hour and reads NaN until
 * it has a value; hours without labels leave the quality gauges at their last value.
 */
final class VersionGauges {
  /** The gauge names, as they appear after the groups in a metric's name. */
  static final String AUC = "auc",
      LOG_LOSS = "log_loss",
      LABEL_COVERAGE = "label_coverage",
      PSI = "psi",
      REQUEST_P50 = "request_latency_p50_us",
      REQUEST_P95 = "request_latency_p95_us",
      REQUEST_P99 = "request_latency_p99_us",
      INFERENCE_P99 = "inference_latency_p99_us";

  private final MetricGroup operator;
  private final String model;
  private final Map<String, Value> values = new HashMap<>();

  VersionGauges(MetricGroup operator, String model) {
    this.operator = operator;
    this.model = model;
  }

  /** A finished hour's quality and label coverage. */
  void quality(WindowSummary window) {
    if (window.window().granularity() != Granularity.HOUR) {
      return;
    }
    String version = window.version();
    if (window.quality() != null) {
      set(version, null, AUC, window.quality().auc());
      set(version, null, LOG_LOSS, window.quality().logLoss());
    }
    set(version, null, LABEL_COVERAGE, window.labelCoverage());
  }

  /** A finished hour's drift and latency. */
  void serving(WindowSummary window, LatencyPercentiles inference) {
    if (window.window().granularity() != Granularity.HOUR) {
      return;
    }
    String version = window.version();
    for (DriftResult drift : window.drift()) {
      set(version, drift.feature(), PSI, drift.psi());
    }
    LatencyPercentiles request = window.requestLatency();
    set(version, null, REQUEST_P50, request.p50());
    set(version, null, REQUEST_P95, request.p95());
    set(version, null, REQUEST_P99, request.p99());
    set(version, null, INFERENCE_P99, inference.p99());
  }

  private void set(String version, String feature, String name, double value) {
    String id = version + "\u0000" + feature + "\u0000" + name;
    values.computeIfAbsent(
                id,
                k -> {
                  MetricGroup group =
                      operator.addGroup("model", model).addGroup("version", version);
                  if (feature != null) {
                    group = group.addGroup("feature", feature);
                  }
                  Value holder = new Value();
                  group.gauge(name, (Gauge<Double>) holder::get);
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
