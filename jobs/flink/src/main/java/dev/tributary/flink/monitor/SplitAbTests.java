package dev.tributary.flink.monitor;

import dev.tributary.core.monitor.Granularity;
import dev.tributary.core.monitor.WritableState;
import dev.tributary.core.monitor.ab.AbLooks;
import dev.tributary.core.monitor.ab.AbResult;
import dev.tributary.core.monitor.ab.VersionQualities;
import dev.tributary.core.monitor.labels.JoinOutcome;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

/**
 * The A/B tests between a model's versions ({@link AbLooks}), keyed by model: labelled predictions
 * are kept per hour of their request time, and when the watermark passes the hour's end plus the
 * label wait (every label of the hour is in) the hour joins every version's since-start quality and
 * each candidate is looked at against the control: a row per candidate to {@code
 * monitoring.ab_tests}. Hours without labelled predictions make no look.
 */
final class SplitAbTests extends KeyedProcessFunction<String, JoinOutcome, RowData> {
  private static final long serialVersionUID = 1L;

  /** The false-winner rate the always-valid verdict holds, however often it is read. */
  static final double ALPHA = 0.05;

  private final double threshold;
  private final long labelWaitMillis;
  private final long minimumPerClass;
  private transient MapState<Long, VersionQualities> hours;
  private transient ValueState<byte[]> looks;

  SplitAbTests(double threshold, long labelWaitMillis, long minimumPerClass) {
    this.threshold = threshold;
    this.labelWaitMillis = labelWaitMillis;
    this.minimumPerClass = minimumPerClass;
  }

  @Override
  public void open(OpenContext context) {
    hours =
        getRuntimeContext()
            .getMapState(HourlyWindows.descriptor("ab-hour-states", VersionQualities.class));
    looks =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "ab-looks", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
  }

  @Override
  public void processElement(JoinOutcome outcome, Context context, Collector<RowData> out)
      throws Exception {
    if (outcome.status() != JoinOutcome.Status.LABELLED) {
      return;
    }
    long hour = Granularity.HOUR.startOf(outcome.prediction().time());
    VersionQualities quality = hours.get(hour);
    if (quality == null) {
      quality = new VersionQualities(threshold);
    }
    quality.add(
        outcome.prediction().version(), outcome.prediction().score(), outcome.label().value());
    hours.put(hour, quality);
    context
        .timerService()
        .registerEventTimeTimer(hour + Granularity.HOUR.millis() + labelWaitMillis);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<RowData> out)
      throws Exception {
    long hour = timestamp - labelWaitMillis - Granularity.HOUR.millis();
    byte[] bytes = looks.value();
    AbLooks tests =
        bytes == null
            ? new AbLooks(threshold, ALPHA, minimumPerClass)
            : WritableState.fromBytes(bytes, AbLooks::read);
    for (AbResult result : tests.look(hours.get(hour))) {
      out.collect(ServingRows.abTest(context.getCurrentKey(), timestamp, result));
    }
    looks.update(tests.toBytes());
    hours.remove(hour);
  }
}
