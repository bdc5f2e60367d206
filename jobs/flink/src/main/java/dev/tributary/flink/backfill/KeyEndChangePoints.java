package dev.tributary.flink.backfill;

import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.core.window.ChangePoints;
import dev.tributary.core.window.Event;
import dev.tributary.flink.records.HistoryChange;
import dev.tributary.flink.records.ViewEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One entity's whole history of one view, in Flink's BATCH mode: the key's events are gathered and,
 * at the end of the key (when BATCH mode fires its timers), the core's {@link ChangePoints}
 * computes every row at once, drops and TTL expiries included.
 *
 * <p>Why not the streaming {@code ViewMaterializer}: in BATCH mode there is no watermark until the
 * key ends, so it keeps every pending row in its serialized state and rewrites that state on each
 * event, quadratic in a busy key's events. {@link ChangePoints} is the batch form of the same
 * change points (the core tests them against {@code StreamingChangePoints} and brute force), and
 * {@code BackfillJobTest} checks the rows against what the streaming job wrote.
 */
final class KeyEndChangePoints extends KeyedProcessFunction<String, ViewEvent, HistoryChange> {
  private static final long serialVersionUID = 1L;

  private final List<ViewProgram> programs;
  private transient ListState<ViewEvent> events;

  KeyEndChangePoints(List<ViewProgram> programs) {
    this.programs = List.copyOf(programs);
  }

  @Override
  public void open(OpenContext context) {
    events =
        getRuntimeContext()
            .getListState(new ListStateDescriptor<>("events", TypeInformation.of(ViewEvent.class)));
  }

  @Override
  public void processElement(ViewEvent event, Context context, Collector<HistoryChange> out)
      throws Exception {
    events.add(event);
    context.timerService().registerEventTimeTimer(Long.MAX_VALUE);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<HistoryChange> out)
      throws Exception {
    List<Event> decoded = new ArrayList<>();
    int view = -1;
    String key = null;
    for (ViewEvent event : events.get()) {
      view = event.view;
      key = event.key;
      decoded.add(
          new Event(
              event.eventTime,
              ViewValuesCodec.decodeInputs(programs.get(view).spec(), event.inputs)));
    }
    if (key != null) {
      ViewProgram program = programs.get(view);
      for (ChangePoint row : new ChangePoints(program.spec()).compute(decoded)) {
        out.collect(
            new HistoryChange(
                view,
                key,
                row.validFrom(),
                ViewValuesCodec.encodeValues(program.spec(), row.values())));
      }
    }
    events.clear();
  }
}
