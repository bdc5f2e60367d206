package dev.tributary.flink.score;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gathers requests of one model version into batches of at most {@code maxRows}, each released at
 * the latest {@code maxDelay} after its first request, so that one {@code ModelInfer} call carries
 * many rows. Keyed by version and a shard of the request id ({@link #key}), so the batches of one
 * version spread over the parallel instances. Pending requests live in keyed state: a checkpoint
 * holds them and a restore releases them. The end of a bounded input (the final watermark) releases
 * whatever is pending.
 */
final class MicroBatcher extends KeyedProcessFunction<String, ScoreRequest, RequestBatch> {
  private static final long serialVersionUID = 1L;

  private final int maxRows;
  private final long maxDelayMillis;
  private transient ListState<ScoreRequest> pending;
  private transient ValueState<Integer> count;
  private transient ValueState<Long> deadline;

  MicroBatcher(int maxRows, Duration maxDelay) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("a batch holds at least one row, got " + maxRows);
    }
    this.maxRows = maxRows;
    this.maxDelayMillis = maxDelay.toMillis();
  }

  /** The batching key: the version, and a shard of the request id among {@code shards}. */
  static String key(ScoreRequest request, int shards) {
    return request.version + "/" + Math.floorMod(request.requestId.hashCode(), shards);
  }

  @Override
  public void open(OpenContext context) {
    pending =
        getRuntimeContext()
            .getListState(
                new ListStateDescriptor<>("pending", TypeInformation.of(ScoreRequest.class)));
    count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.INT));
    deadline = getRuntimeContext().getState(new ValueStateDescriptor<>("deadline", Types.LONG));
  }

  @Override
  public void processElement(ScoreRequest request, Context context, Collector<RequestBatch> out)
      throws Exception {
    request.enqueuedAtMicros = nowMicros();
    pending.add(request);
    int rows = count.value() == null ? 1 : count.value() + 1;
    if (rows >= maxRows) {
      release(request.version, context, out);
      return;
    }
    count.update(rows);
    if (deadline.value() == null) {
      long at = context.timerService().currentProcessingTime() + maxDelayMillis;
      deadline.update(at);
      context.timerService().registerProcessingTimeTimer(at);
      // fires only at the end of a bounded input: nothing stays behind when the job finishes
      context.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<RequestBatch> out)
      throws Exception {
    if (count.value() != null) {
      release(Long.parseLong(context.getCurrentKey().split("/")[0]), context, out);
    }
  }

  private void release(long version, Context context, Collector<RequestBatch> out)
      throws Exception {
    List<ScoreRequest> rows = new ArrayList<>();
    pending.get().forEach(rows::add);
    Long at = deadline.value();
    if (at != null) {
      context.timerService().deleteProcessingTimeTimer(at);
    }
    pending.clear();
    count.clear();
    deadline.clear();
    out.collect(new RequestBatch(version, rows.toArray(ScoreRequest[]::new), nowMicros()));
  }

  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
