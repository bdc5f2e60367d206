package dev.tributary.flink.monitor;

import dev.tributary.core.monitor.WritableState;
import dev.tributary.core.monitor.labels.JoinOutcome;
import dev.tributary.core.monitor.labels.LabelEvent;
import dev.tributary.core.monitor.labels.LabelJoinState;
import dev.tributary.core.monitor.labels.Prediction;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The label join per join key: a {@link LabelJoinState} in keyed state (its bytes), fed by
 * predictions and labels with the current watermark, and an event-time timer at its {@link
 * LabelJoinState#nextTimer()} that ends waits and drops held labels; state is cleared once empty.
 * Lateness is judged against the watermark reached before a restore too ({@link
 * RestoredWatermark}).
 */
final class JoinLabels extends KeyedCoProcessFunction<String, Prediction, LabelEvent, JoinOutcome>
    implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;

  private final long labelWaitMillis;
  private final RestoredWatermark watermark = new RestoredWatermark();
  private transient ValueState<byte[]> state;

  JoinLabels(long labelWaitMillis) {
    this.labelWaitMillis = labelWaitMillis;
  }

  @Override
  public void open(OpenContext context) {
    state =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "label-join", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
  }

  @Override
  public void processElement1(Prediction prediction, Context context, Collector<JoinOutcome> out)
      throws Exception {
    LabelJoinState join = load();
    emit(
        join.onPrediction(prediction, watermark.of(context.timerService().currentWatermark())),
        out);
    store(join, context.timerService());
  }

  @Override
  public void processElement2(LabelEvent label, Context context, Collector<JoinOutcome> out)
      throws Exception {
    LabelJoinState join = load();
    emit(join.onLabel(label, watermark.of(context.timerService().currentWatermark())), out);
    store(join, context.timerService());
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<JoinOutcome> out)
      throws Exception {
    LabelJoinState join = load();
    emit(join.onWatermark(watermark.of(context.timerService().currentWatermark())), out);
    store(join, context.timerService());
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    watermark.initialize(context);
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    watermark.snapshot();
  }

  private LabelJoinState load() throws Exception {
    byte[] bytes = state.value();
    return bytes == null
        ? new LabelJoinState(labelWaitMillis)
        : WritableState.fromBytes(bytes, LabelJoinState::read);
  }

  private void store(LabelJoinState join, TimerService timers) throws Exception {
    if (join.isEmpty()) {
      state.clear();
      return;
    }
    state.update(join.toBytes());
    timers.registerEventTimeTimer(join.nextTimer());
  }

  private static void emit(List<JoinOutcome> outcomes, Collector<JoinOutcome> out) {
    outcomes.forEach(out::collect);
  }
}
