package dev.tributary.flink.training;

import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.core.window.Event;
import dev.tributary.core.window.PointInTimeEvaluator;
import dev.tributary.flink.records.ViewEvent;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * One view's values for the spine rows of an entity, recomputed from its raw events by the core.
 */
final class RecomputeLookup extends KeyEndLookup<ViewEvent> {
  private static final long serialVersionUID = 1L;

  RecomputeLookup(int viewIndex, ViewProgram program) {
    super(viewIndex, program, TypeInformation.of(ViewEvent.class));
  }

  @Override
  Object[][] valuesAsOf(ViewProgram program, List<ViewEvent> events, long[] times) {
    List<Event> decoded =
        events.stream()
            .map(
                e -> new Event(e.eventTime, ViewValuesCodec.decodeInputs(program.spec(), e.inputs)))
            .toList();
    return new PointInTimeEvaluator(program.spec()).evaluate(decoded, times);
  }
}
