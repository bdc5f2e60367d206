package dev.tributary.flink.monitor;

import dev.tributary.core.defs.ModelMonitoring;
import dev.tributary.core.monitor.Granularity;
import dev.tributary.core.monitor.WindowKey;
import dev.tributary.core.monitor.WritableState;
import dev.tributary.core.monitor.alert.Alert;
import dev.tributary.core.monitor.alert.AlertEvaluator;
import dev.tributary.core.monitor.alert.WindowSummary;
import dev.tributary.core.monitor.labels.JoinOutcome;
import dev.tributary.core.monitor.labels.WindowQuality;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Label-join outcomes of one model version into a {@link WindowQuality} per window of the
 * prediction's time (its hour, its day, since start). When the watermark passes an hour's end plus
 * the label wait, every outcome of the hour's predictions is in: the hour's row is written and its
 * state dropped, with its day's and since start's running rows (a day's last hour finishes the
 * day). Alert rules ({@link AlertEvaluator}) run over each row written; alerts go to {@link
 * #ALERTS}.
 *
 * <p>A late prediction (behind the watermark, see {@code LabelJoinState}) may belong to an hour
 * already written: it is counted in the since-start window only.
 */
final class VersionQuality extends KeyedProcessFunction<String, JoinOutcome, RowData> {
  private static final long serialVersionUID = 1L;
  static final OutputTag<Alert> ALERTS = new OutputTag<>("alerts") {};
  private static final long SINCE_START = -1L;

  private final String model;
  private final double threshold;
  private final long labelWaitMillis;
  private final ModelMonitoring monitoring;
  private transient AlertEvaluator alerts;

  /** Per window start (an hour's, a day's, or {@link #SINCE_START}), its state's bytes. */
  private transient MapState<Long, byte[]> hours;

  private transient MapState<Long, byte[]> days;

  VersionQuality(String model, double threshold, long labelWaitMillis, ModelMonitoring monitoring) {
    this.model = model;
    this.threshold = threshold;
    this.labelWaitMillis = labelWaitMillis;
    this.monitoring = monitoring;
  }

  @Override
  public void open(OpenContext context) {
    alerts = new AlertEvaluator(monitoring);
    hours = getRuntimeContext().getMapState(descriptor("hours"));
    days = getRuntimeContext().getMapState(descriptor("days"));
  }

  @Override
  public void processElement(JoinOutcome outcome, Context context, Collector<RowData> out)
      throws Exception {
    long time = outcome.prediction().time();
    long hour = Granularity.HOUR.startOf(time);
    if (outcome.status() != JoinOutcome.Status.LATE) {
      add(hours, hour, outcome);
      add(days, Granularity.DAY.startOf(time), outcome);
      context
          .timerService()
          .registerEventTimeTimer(hour + Granularity.HOUR.millis() + labelWaitMillis);
    }
    add(days, SINCE_START, outcome);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<RowData> out)
      throws Exception {
    long hour = timestamp - labelWaitMillis - Granularity.HOUR.millis();
    long day = Granularity.DAY.startOf(hour);
    long asOf = timestamp;
    emit(new WindowKey(Granularity.HOUR, hour), hours.get(hour), asOf, context, out);
    emit(new WindowKey(Granularity.DAY, day), days.get(day), asOf, context, out);
    emit(new WindowKey(Granularity.SINCE_START, 0L), days.get(SINCE_START), asOf, context, out);
    hours.remove(hour);
    if (hour + Granularity.HOUR.millis() == day + Granularity.DAY.millis()) {
      days.remove(day);
    }
  }

  private void emit(
      WindowKey window, byte[] bytes, long asOf, OnTimerContext context, Collector<RowData> out) {
    if (bytes == null) {
      return;
    }
    WindowSummary summary =
        WritableState.fromBytes(bytes, WindowQuality::read)
            .summary(model, context.getCurrentKey(), window);
    out.collect(MetricRows.of(summary, asOf));
    List<Alert> raised = alerts.evaluate(summary);
    raised.forEach(alert -> context.output(ALERTS, alert));
  }

  private void add(MapState<Long, byte[]> windows, long start, JoinOutcome outcome)
      throws Exception {
    byte[] bytes = windows.get(start);
    WindowQuality state =
        bytes == null
            ? new WindowQuality(threshold)
            : WritableState.fromBytes(bytes, WindowQuality::read);
    state.add(outcome);
    windows.put(start, state.toBytes());
  }

  private static MapStateDescriptor<Long, byte[]> descriptor(String name) {
    return new MapStateDescriptor<>(
        name, Types.LONG, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  }
}
