package dev.tributary.flink.score;

import dev.tributary.core.config.KafkaConnection;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.score.SplitHistory;
import dev.tributary.core.score.TrafficSplit;
import dev.tributary.flink.records.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Routes each request to a model version by the split in force at its request time ({@link
 * SplitHistory}) and gathers the requests of each version into batches of at most {@code maxRows},
 * each released at the latest {@code maxDelay} after the oldest request waiting in its key, so that
 * one {@code ModelInfer} call carries many rows. Rejected requests go to the dead letters.
 *
 * <p>One keyed operator, keyed by a shard of the request id ({@link BatchKeys}), so a request
 * crosses the network once between the source and its call; a broadcast router followed by a
 * batcher keyed by version cost a second hop, serialization included. The version is only known
 * here, so each key keeps the requests of every version in keyed state and counts them per version.
 * A checkpoint holds the pending requests and a restore releases them; the end of a bounded input
 * (the final watermark) releases whatever is pending. The splits arrive on the control topic as a
 * broadcast stream ({@link SplitsInForce}).
 */
final class RouteAndBatch
    extends KeyedBroadcastProcessFunction<Integer, ScoreRequest, String, RequestBatch> {
  private static final long serialVersionUID = 1L;

  static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("rejected-requests", TypeInformation.of(DeadLetter.class));

  private final Scoring scoring;
  private final SplitsInForce splits;
  private final int maxRows;
  private final long maxDelayMillis;
  private transient ListState<ScoreRequest> pending;
  private transient MapState<Long, Integer> counts;
  private transient ValueState<Long> deadline;

  /**
   * @param kafkaOrNull where to read the control topic at open; null for none
   */
  RouteAndBatch(Scoring scoring, KafkaConnection kafkaOrNull, int maxRows, Duration maxDelay) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("a batch holds at least one row, got " + maxRows);
    }
    this.scoring = scoring;
    this.splits = new SplitsInForce(scoring, kafkaOrNull);
    this.maxRows = maxRows;
    this.maxDelayMillis = maxDelay.toMillis();
  }

  @Override
  public void open(OpenContext context) {
    pending =
        getRuntimeContext()
            .getListState(
                new ListStateDescriptor<>("pending", TypeInformation.of(ScoreRequest.class)));
    counts =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("pending-per-version", Types.LONG, Types.INT));
    deadline = getRuntimeContext().getState(new ValueStateDescriptor<>("deadline", Types.LONG));
    splits.open();
  }

  @Override
  public void processElement(
      ScoreRequest request, ReadOnlyContext context, Collector<RequestBatch> out) throws Exception {
    if (request.isRejected()) {
      context.output(DEAD_LETTERS, deadLetter(scoring, request, request.rejection));
      return;
    }
    TrafficSplit split =
        splits.history(context.getBroadcastState(SplitsInForce.STATE)).at(request.requestTime);
    request.version = split.route(request.routingKey, scoring.name());
    request.splitId = split.id();
    request.enqueuedAtMicros = nowMicros();
    pending.add(request);
    Integer before = counts.get(request.version);
    int rows = before == null ? 1 : before + 1;
    if (rows >= maxRows) {
      release(request.version, context, out);
    } else {
      counts.put(request.version, rows);
    }
    if (deadline.value() == null && !counts.isEmpty()) {
      long at = context.timerService().currentProcessingTime() + maxDelayMillis;
      deadline.update(at);
      context.timerService().registerProcessingTimeTimer(at);
      // fires only at the end of a bounded input: nothing stays behind when the job finishes
      context.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
    }
  }

  /** The max delay of the oldest pending request, or the end of input: every version goes. */
  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<RequestBatch> out)
      throws Exception {
    Map<Long, List<ScoreRequest>> byVersion = new TreeMap<>();
    for (ScoreRequest request : pending.get()) {
      byVersion.computeIfAbsent(request.version, v -> new ArrayList<>()).add(request);
    }
    pending.clear();
    counts.clear();
    deadline.clear();
    long released = nowMicros();
    byVersion.forEach(
        (version, rows) ->
            out.collect(new RequestBatch(version, rows.toArray(ScoreRequest[]::new), released)));
  }

  /** Releases the full batch of {@code version}; the other versions' requests keep waiting. */
  private void release(long version, ReadOnlyContext context, Collector<RequestBatch> out)
      throws Exception {
    List<ScoreRequest> batch = new ArrayList<>(maxRows);
    List<ScoreRequest> others = new ArrayList<>();
    for (ScoreRequest request : pending.get()) {
      (request.version == version ? batch : others).add(request);
    }
    pending.update(others);
    counts.remove(version);
    if (others.isEmpty()) {
      Long at = deadline.value();
      if (at != null) {
        context.timerService().deleteProcessingTimeTimer(at);
      }
      deadline.clear();
    }
    out.collect(new RequestBatch(version, batch.toArray(ScoreRequest[]::new), nowMicros()));
  }

  @Override
  public void processBroadcastElement(String json, Context context, Collector<RequestBatch> out)
      throws Exception {
    DeadLetter notASplit = splits.apply(json, context.getBroadcastState(SplitsInForce.STATE));
    if (notASplit != null) {
      context.output(DEAD_LETTERS, notASplit);
    }
  }

  /** A request rejected before routing: of the scoring's model, of no version. */
  static DeadLetter deadLetter(Scoring scoring, ScoreRequest request, String reason) {
    return DeadLetter.ofScoringRequest(
        scoring.name(),
        scoring.model().tritonModel(),
        request.requestId,
        request.payload,
        request.requestTime,
        null,
        reason,
        System.currentTimeMillis());
  }

  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
