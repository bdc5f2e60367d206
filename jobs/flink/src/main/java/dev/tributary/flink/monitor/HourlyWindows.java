package dev.tributary.flink.monitor;

import dev.tributary.core.defs.ModelMonitoring;
import dev.tributary.core.monitor.Granularity;
import dev.tributary.core.monitor.WindowKey;
import dev.tributary.core.monitor.WritableState;
import dev.tributary.core.monitor.alert.AlertEvaluator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

/**
 * Per key (a version of {@code model}), a core state per window of the input's time: its hour, its
 * day, and since start. When the watermark passes an hour's end plus {@code delay} (the label wait,
 * for outcomes of the label join), everything of that hour is in: {@link #emit} gets the hour's
 * state (final), its day's and since start's running states, all as of that time, and the hour is
 * dropped (a day's last hour drops the day).
 *
 * <p>An input whose hour was already emitted is late: it counts in since start only, so no hour is
 * written twice, also just after a restore, when Flink's watermark starts over ({@link
 * RestoredWatermark}).
 */
abstract class HourlyWindows<IN, S extends WritableState>
    extends KeyedProcessFunction<String, IN, RowData> implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;
  private static final long SINCE_START = -1L;

  private final long delayMillis;
  private final RestoredWatermark watermark = new RestoredWatermark();
  final String model;
  final ModelMonitoring monitoring;

  /** The model's alert rules, which a subclass runs over each window it emits. */
  transient AlertEvaluator alerts;

  /** The per-version gauges a subclass sets from each finished hour. */
  transient VersionGauges gauges;

  /**
   * Per window start (an hour's, a day's, or {@link #SINCE_START}), its state, held as the object
   * ({@link MonitorStateSerializer}).
   */
  private transient MapState<Long, S> hours;

  private transient MapState<Long, S> days;

  HourlyWindows(String model, ModelMonitoring monitoring, long delayMillis) {
    this.model = model;
    this.monitoring = monitoring;
    this.delayMillis = delayMillis;
  }

  /** A fresh state for {@code key} (a version). */
  abstract S empty(String key);

  /** The state's class, read by its static {@code read(DataInput)}. */
  abstract Class<S> stateType();

  abstract long timeOf(IN in);

  /** True for an input counted in since start only (by default: its hour was emitted). */
  boolean late(IN in, long watermark) {
    return hourEnd(Granularity.HOUR.startOf(timeOf(in))) <= watermark;
  }

  abstract void add(S state, IN in);

  /** Writes a window's rows; {@code context.getCurrentKey()} is the version. */
  abstract void emit(
      WindowKey window, S state, long asOf, OnTimerContext context, Collector<RowData> out)
      throws Exception;

  @Override
  public void open(OpenContext context) throws Exception {
    alerts = new AlertEvaluator(monitoring);
    gauges = new VersionGauges(getRuntimeContext().getMetricGroup(), model);
    hours = getRuntimeContext().getMapState(descriptor("hour-states", stateType()));
    days = getRuntimeContext().getMapState(descriptor("day-states", stateType()));
  }

  @Override
  public void processElement(IN in, Context context, Collector<RowData> out) throws Exception {
    long time = timeOf(in);
    long hour = Granularity.HOUR.startOf(time);
    if (!late(in, watermark.of(context.timerService().currentWatermark()))) {
      add(hours, hour, context.getCurrentKey(), in);
      add(days, Granularity.DAY.startOf(time), context.getCurrentKey(), in);
      context.timerService().registerEventTimeTimer(hourEnd(hour));
    }
    add(days, SINCE_START, context.getCurrentKey(), in);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<RowData> out)
      throws Exception {
    watermark.of(context.timerService().currentWatermark());
    long hour = timestamp - delayMillis - Granularity.HOUR.millis();
    long day = Granularity.DAY.startOf(hour);
    emitIfAny(new WindowKey(Granularity.HOUR, hour), hours.get(hour), timestamp, context, out);
    emitIfAny(new WindowKey(Granularity.DAY, day), days.get(day), timestamp, context, out);
    emitIfAny(
        new WindowKey(Granularity.SINCE_START, 0L), days.get(SINCE_START), timestamp, context, out);
    hours.remove(hour);
    if (hour + Granularity.HOUR.millis() == day + Granularity.DAY.millis()) {
      days.remove(day);
    }
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    watermark.initialize(context);
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    watermark.snapshot();
  }

  private long hourEnd(long hour) {
    return hour + Granularity.HOUR.millis() + delayMillis;
  }

  private void emitIfAny(
      WindowKey window, S state, long asOf, OnTimerContext context, Collector<RowData> out)
      throws Exception {
    if (state != null) {
      emit(window, state, asOf, context, out);
    }
  }

  private void add(MapState<Long, S> windows, long start, String key, IN in) throws Exception {
    S state = windows.get(start);
    if (state == null) {
      state = empty(key);
    }
    add(state, in);
    windows.put(start, state); // a reference on the heap backend; the bytes on any other
  }

  /**
   * Windows by start time, each window's state kept as the object. The names differ from those of
   * the states' bytes before: a savepoint from then restores the job's offsets, not its open
   * windows (docs/monitoring.md, "Upgrading").
   */
  static <S extends WritableState> MapStateDescriptor<Long, S> descriptor(
      String name, Class<S> type) {
    return new MapStateDescriptor<>(
        name, LongSerializer.INSTANCE, new MonitorStateSerializer<>(type));
  }
}
