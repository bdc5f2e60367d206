package dev.tributary.flink.materialize;

import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.core.window.Correction;
import dev.tributary.core.window.Event;
import dev.tributary.core.window.StreamingChangePoints;
import dev.tributary.core.window.ViewSpec;
import dev.tributary.flink.online.OnlineUpdate;
import dev.tributary.flink.records.DeadLetter;
import dev.tributary.flink.records.HistoryChange;
import dev.tributary.flink.records.ViewEvent;
import dev.tributary.flink.records.ViewVersionKey;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
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
 * <p>The input is keyed by {@link #keys()}: view version and entity, so that state and timers
 * restored from a savepoint belong to the same view version whatever its position in the job's list
 * of views. A timer of a version the job no longer materializes drops that entity's state of it.
 *
 * <p>All the math is {@link StreamingChangePoints}; this class only schedules it, with {@link
 * HistoryEmitter} for the history rows and {@link OnlinePublisher} for the online values. Before
 * taking an event the state is advanced to the current watermark, so whether an event is too late
 * is judged against the watermark itself, never against how recently this key had a timer.
 *
 * <p>Each entity has a timer one millisecond before the next instant its values can change, as the
 * core computes it ({@link StreamingChangePoints#nextChangeTime()}): idle entities cost nothing, a
 * busy one costs one timer per change. Its state is dropped once it has been idle for the view's
 * lookback ({@link ViewSpec#lookbackMillis()}); views with a lifetime feature keep it.
 */
public final class ViewMaterializer extends KeyedProcessFunction<String, ViewEvent, HistoryChange> {
  private static final long serialVersionUID = 1L;

  /** Events older than the watermark minus the allowed lateness (normally caught upstream). */
  public static final OutputTag<DeadLetter> TOO_LATE = TooLateEvents.TOO_LATE;

  /** One entity's latest values for Redis, as of the core's online time. */
  public static final OutputTag<OnlineUpdate> ONLINE = OnlinePublisher.ONLINE;

  private final List<ViewProgram> programs;

  /** Per view: {@link ViewSpec#lookbackMillis()}. */
  private final long[] lookbackMillis;

  private final ChangePointsState changePoints;
  private final HistoryEmitter history;
  private final OnlinePublisher online = new OnlinePublisher();
  private final TooLateEvents tooLate = new TooLateEvents();
  private final ViewVersionKey keys;
  private transient Counter statesCleared;
  private transient Counter removedStatesCleared;

  public ViewMaterializer(List<ViewProgram> programs) {
    this(programs, Long.MIN_VALUE);
  }

  /**
   * @param writeFrom history rows are emitted for change points at or after this time only (see
   *     {@link MaterializeSettings#writeFrom()})
   */
  public ViewMaterializer(List<ViewProgram> programs, long writeFrom) {
    this.programs = List.copyOf(programs);
    this.lookbackMillis = programs.stream().mapToLong(p -> p.spec().lookbackMillis()).toArray();
    this.changePoints = new ChangePointsState(this.programs);
    this.history = new HistoryEmitter(this.programs, writeFrom);
    this.keys = new ViewVersionKey(this.programs);
  }

  /** The key this operator's input must be keyed by: view version and entity. */
  public ViewVersionKey keys() {
    return keys;
  }

  @Override
  public void open(OpenContext context) {
    changePoints.open(getRuntimeContext());
    history.open(getRuntimeContext());
    online.open(getRuntimeContext());
    tooLate.open(getRuntimeContext());
    statesCleared = getRuntimeContext().getMetricGroup().counter("idleEntitiesCleared");
    removedStatesCleared =
        getRuntimeContext().getMetricGroup().counter("removedVersionEntitiesCleared");
  }

  @Override
  public void processElement(ViewEvent event, Context context, Collector<HistoryChange> out)
      throws Exception {
    ViewProgram program = programs.get(event.view);
    StreamingChangePoints points = changePoints.load(event.view);
    history.advance(points, event.view, event.key, context.timerService().currentWatermark(), out);
    Object[] inputs = ViewValuesCodec.decodeInputs(program.spec(), event.inputs);
    Correction correction = points.accept(new Event(event.eventTime, inputs));
    if (correction.rejected()) {
      tooLate.reject(program, event, points, context);
    } else {
      history.correct(event.view, event.key, correction, out);
      scheduleNextChange(points, context);
      long lookback = lookbackMillis[event.view];
      if (lookback != ViewSpec.UNBOUNDED && event.eventTime == points.newestEventTime()) {
        context.timerService().registerEventTimeTimer(event.eventTime + lookback);
      }
      if (program.view().online()) {
        online.eventArrived(context);
      }
    }
    changePoints.update(event.view, points); // the advance above may have emitted rows
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<HistoryChange> out)
      throws Exception {
    String partitionKey = context.getCurrentKey();
    int view = keys.viewOf(partitionKey);
    if (view < 0) {
      // A timer of a view version this job no longer materializes (removed from the definitions
      // or retired), restored from a savepoint: drop the entity's state of that version.
      changePoints.clearRemoved(ViewVersionKey.versionedNameOf(partitionKey));
      online.clear();
      removedStatesCleared.inc();
      return;
    }
    String key = ViewVersionKey.entityOf(partitionKey);
    ViewProgram program = programs.get(view);
    StreamingChangePoints points = changePoints.stored(view);
    if (points == null) {
      // A timer left from before the entity's state was cleared. Nothing to do.
      online.clear();
      return;
    }
    long watermark = context.timerService().currentWatermark();
    if (context.timeDomain() == TimeDomain.PROCESSING_TIME || watermark == Long.MAX_VALUE) {
      // The end of input is not a time: publish what the events made of the values before it.
      online.publishPending(program, key, points, context);
      if (context.timeDomain() == TimeDomain.PROCESSING_TIME) {
        return;
      }
    }
    List<ChangePoint> rows = history.advance(points, view, key, watermark, out);
    online.publishEmitted(program, key, points, rows, context);
    scheduleNextChange(points, context);
    long lookback = lookbackMillis[view];
    long now = points.emittedThrough();
    if (lookback != ViewSpec.UNBOUNDED && now > points.newestEventTime() + lookback) {
      // Idle beyond every window and the TTL: the emitted values are those without events.
      changePoints.clear(view);
      online.clear();
      statesCleared.inc();
      return;
    }
    changePoints.update(view, points);
  }

  /**
   * One timer per entity, one ms before the next instant its values can change: an event-time timer
   * at {@code x} fires once the watermark reaches {@code x}, and the advance goes to watermark + 1.
   * A timer left from before a change only causes an advance that emits nothing.
   */
  private static void scheduleNextChange(StreamingChangePoints points, Context context) {
    long next = points.nextChangeTime();
    if (next != Long.MAX_VALUE) {
      context.timerService().registerEventTimeTimer(next - 1);
    }
  }
}
