package dev.tributary.flink.materialize;

import dev.tributary.core.expr.EvaluationException;
import dev.tributary.core.view.ViewInput;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.flink.records.DeadLetter;
import dev.tributary.flink.records.SourceRecord;
import dev.tributary.flink.records.ViewEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns each good record of one source into one {@link ViewEvent} per view of that source, and sets
 * aside what cannot be used: records that failed to parse, records whose keys or inputs cannot be
 * computed, and events older than the watermark minus the source's allowed lateness.
 *
 * <p>The lateness check happens here, before the shuffle, where the raw payload is still at hand.
 * It agrees with the keyed operator downstream, whose watermark is never ahead of this one's.
 */
public final class RouteToViews extends ProcessFunction<SourceRecord, ViewEvent> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

  private final String source;
  private final long allowedLatenessMillis;

  /** The views of this source, by their index in the job's list of views. */
  private final Map<Integer, ViewProgram> views;

  private transient Counter eventsIn;
  private transient Counter deadLettered;
  private transient Counter late;

  public RouteToViews(String source, long allowedLatenessMillis, Map<Integer, ViewProgram> views) {
    this.source = source;
    this.allowedLatenessMillis = allowedLatenessMillis;
    this.views = Map.copyOf(views);
  }

  @Override
  public void open(OpenContext context) {
    eventsIn = getRuntimeContext().getMetricGroup().counter("eventsIn");
    deadLettered = getRuntimeContext().getMetricGroup().counter("deadLettered");
    late = getRuntimeContext().getMetricGroup().counter("eventsLate");
  }

  @Override
  public void processElement(SourceRecord record, Context context, Collector<ViewEvent> out) {
    eventsIn.inc();
    long now = context.timerService().currentProcessingTime();
    if (record.isRejected()) {
      deadLettered.inc();
      context.output(
          DEAD_LETTERS,
          new DeadLetter(source, record.payload, record.rejection, record.eventTime, now));
      return;
    }
    long watermark = context.timerService().currentWatermark();
    if (watermark != Long.MIN_VALUE && record.eventTime <= watermark - allowedLatenessMillis) {
      late.inc();
      context.output(
          DEAD_LETTERS,
          new DeadLetter(
              source,
              record.payload,
              "late: event time "
                  + record.eventTime
                  + " is more than the allowed lateness ("
                  + allowedLatenessMillis
                  + " ms) behind the watermark "
                  + watermark
                  + "; published values are final",
              record.eventTime,
              now));
      return;
    }
    List<ViewEvent> events;
    try {
      events = viewEvents(record);
    } catch (EvaluationException unusable) {
      deadLettered.inc();
      context.output(
          DEAD_LETTERS,
          new DeadLetter(source, record.payload, unusable.getMessage(), record.eventTime, now));
      return;
    }
    events.forEach(out::collect);
  }

  /** All views' events of one record, or an exception for the whole record: none or all go on. */
  private List<ViewEvent> viewEvents(SourceRecord record) {
    Object[] row = null;
    List<ViewEvent> events = new java.util.ArrayList<>(views.size());
    for (Map.Entry<Integer, ViewProgram> view : views.entrySet()) {
      ViewProgram program = view.getValue();
      if (row == null) {
        row = ViewValuesCodec.decodeRow(program.view().source().schema(), record.row);
      }
      Optional<ViewInput> input = program.extract(row, record.eventTime);
      if (input.isPresent()) {
        events.add(
            new ViewEvent(
                view.getKey(),
                input.get().encodedKey(),
                record.eventTime,
                ViewValuesCodec.encodeInputs(program.spec(), input.get().event().inputs())));
      }
    }
    return events;
  }
}
