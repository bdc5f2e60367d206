package dev.tributary.flink.monitor;

import dev.tributary.core.defs.ModelMonitoring;
import dev.tributary.core.monitor.WindowKey;
import dev.tributary.core.monitor.alert.WindowSummary;
import dev.tributary.core.monitor.drift.DriftResult;
import dev.tributary.core.monitor.serving.DriftFeatures;
import dev.tributary.core.monitor.serving.ServedPrediction;
import dev.tributary.core.monitor.serving.ServingWindow;
import dev.tributary.core.plan.MonitoringTables;
import dev.tributary.core.training.FeatureBaseline;
import dev.tributary.flink.iceberg.MonitoringTable;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Served predictions of one model version into a {@link ServingWindow} per window of the request
 * time (its hour, its day, since start): when the watermark passes the hour's end, a row per drift
 * feature (every input with a training baseline, and the score when the version's metadata.json has
 * its held-out score baseline) to {@code monitoring.drift} (the main output) and one to {@code
 * monitoring.latency} ({@link #LATENCY}); the drift and latency alert rules run over each window
 * ({@link VersionQuality#ALERTS}). Labels play no part, so these rows do not wait for the label
 * wait.
 */
final class VersionServing extends HourlyWindows<ServedPrediction, ServingWindow> {
  private static final long serialVersionUID = 1L;
  static final OutputTag<RowData> LATENCY =
      new OutputTag<>("latency", MonitoringTable.rowType(MonitoringTables.latency()));

  private final DriftFeatures inputs;

  /** Per version, the distribution of its scores on its held-out rows, where known. */
  private final HashMap<String, FeatureBaseline> scoreBaselines;

  /** Per version, its inputs and (when it has a baseline) its score. */
  private transient Map<String, DriftFeatures> features;

  VersionServing(
      String model,
      ModelMonitoring monitoring,
      DriftFeatures inputs,
      Map<String, FeatureBaseline> scoreBaselines) {
    super(model, monitoring, 0L);
    this.inputs = inputs;
    this.scoreBaselines = new HashMap<>(scoreBaselines);
  }

  private DriftFeatures features(String version) {
    if (features == null) {
      features = new HashMap<>();
    }
    return features.computeIfAbsent(version, v -> inputs.withScore(scoreBaselines.get(version)));
  }

  @Override
  ServingWindow empty(String version) {
    return new ServingWindow(features(version));
  }

  @Override
  Class<ServingWindow> stateType() {
    return ServingWindow.class;
  }

  @Override
  long timeOf(ServedPrediction prediction) {
    return prediction.time();
  }

  @Override
  void add(ServingWindow state, ServedPrediction prediction) {
    state.add(prediction, features(prediction.version()));
  }

  @Override
  void emit(
      WindowKey window,
      ServingWindow state,
      long asOf,
      OnTimerContext context,
      Collector<RowData> out) {
    WindowSummary summary =
        state.summary(
            model,
            context.getCurrentKey(),
            window,
            features(context.getCurrentKey()),
            monitoring.drift());
    for (DriftResult drift : summary.drift()) {
      out.collect(ServingRows.drift(summary, asOf, drift));
    }
    context.output(LATENCY, ServingRows.latency(summary, asOf, state.inferenceLatency()));
    gauges.serving(summary, state.inferenceLatency());
    alerts.evaluate(summary).forEach(alert -> context.output(VersionQuality.ALERTS, alert));
  }
}
