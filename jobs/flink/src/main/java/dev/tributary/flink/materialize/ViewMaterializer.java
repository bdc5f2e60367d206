package dev.tributary.flink.materialize;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.keys.EntityKeyCodec;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.core.window.Correction;
import dev.tributary.core.window.Event;
import dev.tributary.core.window.StreamingChangePoints;
import dev.tributary.flink.online.OnlineUpdate;
import dev.tributary.flink.online.OnlineUpdateTypeInfo;
import dev.tributary.flink.records.DeadLetter;
import dev.tributary.flink.records.HistoryChange;
import dev.tributary.flink.records.ViewEvent;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps one entity's change points of one view and emits them as the watermark passes them.
 *
 * <pre>
 *   ViewEvent ──► advance to watermark + 1 ──► accept(event) ──► Correction ──► HistoryChange (fix rows)
 *                                                  │
 *   timer at each change time ─► advance to watermark + 1 ─► new rows ─► HistoryChange (append)
 *                                                  └──► (rejected: too late) ─► LATE side output
 * </pre>
 *
 * <p>All the math is {@link StreamingChangePoints}; this class only schedules it. Rows with {@code
 * validFrom <= watermark + 1} are final: no event at or before the watermark can arrive any more,
 * except late ones within the source's allowed lateness, which come back as corrections. Before
 * taking an event the state is advanced to the current watermark, so whether an event is too late
 * is judged against the watermark itself, never against how recently this key had a timer.
 *
 * <p>Each entity has a timer one millisecond before the next instant its values can change, as the
 * core computes it ({@link StreamingChangePoints#nextChangeTime()}): idle entities cost nothing,
 * and a busy one costs one timer per change.
 */
public final class ViewMaterializer extends KeyedProcessFunction<String, ViewEvent, HistoryChange> {
  private static final long serialVersionUID = 1L;

  /** Events older than the watermark minus the allowed lateness (normally caught upstream). */
  public static final OutputTag<DeadLetter> TOO_LATE =
      new OutputTag<>("too-late-events", TypeInformation.of(DeadLetter.class));

  private final List<ViewProgram> programs;
  private final long[] allowedLatenessMillis;

  /** Per view: how long after its newest event an entity's values stop changing; -1 for never. */
  private final long[] idleHorizonMillis;

  /**
   * How long an entity's online values may wait after its newest event: bursts (a replay, a busy
   * airport) are published once per interval instead of once per event, which is what dominates the
   * cost otherwise. Every published value still carries its exact as-of time.
   */
  static final long ONLINE_INTERVAL_MILLIS = 200;

  /**
   * One entity's latest values for Redis, as of the later of its newest event + 1 ms and the
   * watermark.
   */
  public static final OutputTag<OnlineUpdate> ONLINE =
      new OutputTag<>("online-updates", OnlineUpdateTypeInfo.INSTANCE);

  /**
   * Per view: the entity's change points (a view's keys only ever touch their own view's state).
   */
  private transient List<ValueState<StreamingChangePoints>> changePoints;

  private transient ValueState<byte[]> published;

  /** True when events arrived since the entity's online values were last published. */
  private transient ValueState<Boolean> onlinePending;

  private transient Counter rowsEmitted;
  private transient Counter rowsCorrected;
  private transient Counter tooLate;
  private transient Counter statesCleared;

  public ViewMaterializer(List<ViewProgram> programs) {
    this.programs = List.copyOf(programs);
    this.allowedLatenessMillis =
        programs.stream()
            .mapToLong(p -> p.view().source().watermarks().allowedLateness().toMillis())
            .toArray();
    this.idleHorizonMillis = programs.stream().mapToLong(ViewMaterializer::idleHorizon).toArray();
  }

  /**
   * After its newest event plus the longest window and hop, and the TTL, an entity's values are
   * those of an entity without events, and stay so: its state can go. Lifetime features never stop
   * depending on old events, so views with one keep their state.
   */
  private static long idleHorizon(ViewProgram program) {
    long horizon = program.spec().ttlMillis();
    for (AggregateSpec feature : program.spec().features()) {
      if (feature.isLifetime()) {
        return -1;
      }
      horizon = Math.max(horizon, feature.windowMillis() + feature.hopMillis());
    }
    return horizon;
  }

  @Override
  public void open(OpenContext context) {
    changePoints = new java.util.ArrayList<>();
    for (int view = 0; view < programs.size(); view++) {
      ViewProgram program = programs.get(view);
      changePoints.add(
          getRuntimeContext()
              .getState(
                  new ValueStateDescriptor<>(
                      "change-points-" + program.view().versionedName(),
                      new ChangePointsSerializer(program, allowedLatenessMillis[view]))));
    }
    published =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "published-values", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    onlinePending =
        getRuntimeContext().getState(new ValueStateDescriptor<>("online-pending", Types.BOOLEAN));
    rowsEmitted = getRuntimeContext().getMetricGroup().counter("historyRowsEmitted");
    rowsCorrected = getRuntimeContext().getMetricGroup().counter("historyRowsCorrected");
    tooLate = getRuntimeContext().getMetricGroup().counter("eventsTooLate");
    statesCleared = getRuntimeContext().getMetricGroup().counter("idleEntitiesCleared");
  }

  @Override
  public void processElement(ViewEvent event, Context context, Collector<HistoryChange> out)
      throws Exception {
    ViewProgram program = programs.get(event.view);
    StreamingChangePoints points = load(event.view);
    advance(points, event, context.timerService().currentWatermark(), out);
    Object[] inputs = ViewValuesCodec.decodeInputs(program.spec(), event.inputs);
    Correction correction = points.accept(new Event(event.eventTime, inputs));
    if (correction.rejected()) {
      tooLate.inc();
      context.output(
          TOO_LATE,
          new DeadLetter(
              program.view().source().name(),
              "{\"view\":\"" + program.view().name() + "\",\"key\":\"" + event.key + "\"}",
              "event time "
                  + event.eventTime
                  + " is older than the watermark minus the allowed lateness ("
                  + points.acceptsFrom()
                  + "): published values are final",
              event.eventTime,
              context.timerService().currentProcessingTime()));
      changePoints.get(event.view).update(points); // the advance above emitted rows: keep that
      return;
    }
    emitCorrection(event, correction, out);
    scheduleNextChange(points, context);
    if (idleHorizonMillis[event.view] >= 0 && event.eventTime == points.newestEventTime()) {
      context
          .timerService()
          .registerEventTimeTimer(event.eventTime + idleHorizonMillis[event.view]);
    }
    if (program.view().online()) {
      // Coalesce: a burst of events for one entity is published once, at the next interval
      // boundary.
      onlinePending.update(true);
      long now = context.timerService().currentProcessingTime();
      context
          .timerService()
          .registerProcessingTimeTimer(now - now % ONLINE_INTERVAL_MILLIS + ONLINE_INTERVAL_MILLIS);
    }
    changePoints.get(event.view).update(points);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<HistoryChange> out)
      throws Exception {
    int view = viewOf(context.getCurrentKey());
    StreamingChangePoints points = load(view);
    String key = context.getCurrentKey().substring(context.getCurrentKey().indexOf(':') + 1);
    long watermark = context.timerService().currentWatermark();
    if (context.timeDomain() == TimeDomain.PROCESSING_TIME || watermark == Long.MAX_VALUE) {
      // The end of input is not a time: publish what the events made of the values before it.
      publishPending(view, key, points, context);
      if (context.timeDomain() == TimeDomain.PROCESSING_TIME) {
        return;
      }
    }
    List<ChangePoint> rows =
        advance(points, new ViewEvent(view, key, timestamp, null), watermark, out);
    long now = points.emittedThrough();
    // Between the newest event and the watermark the published value is as of newest + 1 ms; only
    // once the watermark passes it do drops and expiries move the online value.
    if (!rows.isEmpty() && now != Long.MAX_VALUE && now >= points.newestEventTime() + 1) {
      publish(programs.get(view), key, now, rows.get(rows.size() - 1).values(), null, context);
      onlinePending.clear();
    }
    scheduleNextChange(points, context);
    if (idleHorizonMillis[view] >= 0 && now > points.newestEventTime() + idleHorizonMillis[view]) {
      // Idle beyond every window and the TTL: the emitted values are those without events.
      changePoints.get(view).clear();
      published.clear();
      onlinePending.clear();
      statesCleared.inc();
      return;
    }
    changePoints.get(view).update(points);
  }

  /**
   * Publishes the values as of the later of the newest event + 1 ms and the emitted time, if events
   * came since.
   */
  private void publishPending(int view, String key, StreamingChangePoints points, Context context)
      throws Exception {
    if (!Boolean.TRUE.equals(onlinePending.value())) {
      return;
    }
    onlinePending.clear();
    // valuesAt needs a time after acceptsFrom(): with no allowed lateness that is emittedThrough +
    // 1.
    long asOf =
        Math.max(
            Math.max(points.newestEventTime() + 1, points.emittedThrough()),
            points.acceptsFrom() + 1);
    publish(
        programs.get(view), key, asOf, points.valuesAt(asOf), points.newestEventTime(), context);
  }

  /** Sends the entity's values to the online store when they differ from what was last sent. */
  private void publish(
      ViewProgram program, String key, long asOf, Object[] values, Long eventTime, Context context)
      throws Exception {
    if (!program.view().online()) {
      return;
    }
    byte[] encoded = ViewValuesCodec.encodeValues(program.spec(), values);
    if (java.util.Arrays.equals(encoded, published.value())) {
      return;
    }
    published.update(encoded);
    List<Object> keyValues = EntityKeyCodec.decode(key, program.view().entity().keys());
    context.output(ONLINE, OnlineUpdate.of(program.view(), keyValues, asOf, values, eventTime));
  }

  private List<ChangePoint> advance(
      StreamingChangePoints points,
      ViewEvent target,
      long watermark,
      Collector<HistoryChange> out) {
    if (watermark == Long.MIN_VALUE) {
      return List.of();
    }
    // The end-of-input watermark (Long.MAX_VALUE) completes the history: every pending drop and
    // expiry.
    List<ChangePoint> rows =
        points.advanceTo(watermark == Long.MAX_VALUE ? Long.MAX_VALUE : watermark + 1);
    ViewProgram program = programs.get(target.view);
    for (ChangePoint row : rows) {
      out.collect(
          new HistoryChange(
              target.view,
              target.key,
              row.validFrom(),
              ViewValuesCodec.encodeValues(program.spec(), row.values())));
    }
    rowsEmitted.inc(rows.size());
    return rows;
  }

  private void emitCorrection(
      ViewEvent event, Correction correction, Collector<HistoryChange> out) {
    ViewProgram program = programs.get(event.view);
    for (long removed : correction.removed()) {
      out.collect(new HistoryChange(event.view, event.key, removed, null));
    }
    for (ChangePoint row : correction.upserted()) {
      // Remove first: the row at this validFrom may exist with the old values.
      out.collect(new HistoryChange(event.view, event.key, row.validFrom(), null));
      out.collect(
          new HistoryChange(
              event.view,
              event.key,
              row.validFrom(),
              ViewValuesCodec.encodeValues(program.spec(), row.values())));
    }
    rowsCorrected.inc(correction.removed().size() + correction.upserted().size());
  }

  /**
   * One timer per entity, one ms before the next instant its values can change (an event taking
   * effect, a tile leaving a window, the TTL running out): an event-time timer at {@code x} fires
   * once the watermark reaches {@code x}, and the advance goes to watermark + 1. A timer left from
   * before a change only causes an advance that emits nothing.
   */
  private static void scheduleNextChange(StreamingChangePoints points, Context context) {
    long next = points.nextChangeTime();
    if (next != Long.MAX_VALUE) {
      context.timerService().registerEventTimeTimer(next - 1);
    }
  }

  private StreamingChangePoints load(int view) throws Exception {
    StreamingChangePoints points = changePoints.get(view).value();
    return points != null
        ? points
        : new StreamingChangePoints(programs.get(view).spec(), allowedLatenessMillis[view]);
  }

  private static int viewOf(String partitionKey) {
    return Integer.parseInt(partitionKey.substring(0, partitionKey.indexOf(':')));
  }
}
