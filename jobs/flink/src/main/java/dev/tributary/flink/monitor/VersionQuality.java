package dev.tributary.flink.monitor;

import dev.tributary.core.defs.ModelMonitoring;
import dev.tributary.core.monitor.WindowKey;
import dev.tributary.core.monitor.alert.Alert;
import dev.tributary.core.monitor.alert.WindowSummary;
import dev.tributary.core.monitor.labels.JoinOutcome;
import dev.tributary.core.monitor.labels.WindowQuality;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Label-join outcomes of one model version into a {@link WindowQuality} per window of the
 * prediction's time (its hour, its day, since start), written to {@code monitoring.model_metrics}
 * when the watermark passes the hour's end plus the label wait: then every outcome of the hour's
 * predictions is in. Alert rules ({@code AlertEvaluator}) run over each row written, the {@code
 * auc_drop} rule against the version's held-out AUC from its metadata.json; alerts go to {@link
 * #ALERTS}.
 *
 * <p>A late prediction (behind the watermark, see {@code LabelJoinState}) may belong to an hour
 * already written: it is counted in the since-start window only.
 */
final class VersionQuality extends HourlyWindows<JoinOutcome, WindowQuality> {
  private static final long serialVersionUID = 1L;
  static final OutputTag<Alert> ALERTS = new OutputTag<>("alerts") {};

  /** Per version, its AUC on its held-out rows ({@code TrainingReference}), where known. */
  private final HashMap<String, Double> trainingAuc;

  VersionQuality(String model, ModelMonitoring monitoring, Map<String, Double> trainingAuc) {
    super(model, monitoring, monitoring.labelWait().toMillis());
    this.trainingAuc = new HashMap<>(trainingAuc);
  }

  @Override
  WindowQuality empty(String version) {
    return new WindowQuality(monitoring.threshold());
  }

  @Override
  Class<WindowQuality> stateType() {
    return WindowQuality.class;
  }

  @Override
  long timeOf(JoinOutcome outcome) {
    return outcome.prediction().time();
  }

  @Override
  boolean late(JoinOutcome outcome, long watermark) {
    return outcome.status() == JoinOutcome.Status.LATE;
  }

  @Override
  void add(WindowQuality state, JoinOutcome outcome) {
    state.add(outcome);
  }

  @Override
  void emit(
      WindowKey window,
      WindowQuality state,
      long asOf,
      OnTimerContext context,
      Collector<RowData> out) {
    String version = context.getCurrentKey();
    WindowSummary summary = state.summary(model, version, window, trainingAuc.get(version));
    out.collect(MetricRows.of(summary, asOf));
    gauges.quality(summary);
    alerts.evaluate(summary).forEach(alert -> context.output(ALERTS, alert));
  }
}
