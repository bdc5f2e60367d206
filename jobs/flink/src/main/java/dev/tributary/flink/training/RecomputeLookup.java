package dev.tributary.flink.training;

import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.core.window.Event;
import dev.tributary.core.window.PointInTimeEvaluator;
import dev.tributary.core.window.ViewSpec;
import dev.tributary.flink.iceberg.TrainingColumns;
import dev.tributary.flink.records.ViewEvent;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * One view's values for the spine rows of an entity, recomputed from its raw events by the core.
 */
final class RecomputeLookup extends KeyEndLookup<ViewEvent> {
  private static final long serialVersionUID = 1L;

  RecomputeLookup(int viewIndex, TrainingColumns columns) {
    super(viewIndex, columns, TypeInformation.of(ViewEvent.class));
  }

  @Override
  byte[][] encodedValuesAsOf(List<ViewEvent> events, long[] times) {
    ViewProgram program = columns.programs().get(viewIndex);
    List<Event> decoded =
        events.stream()
            .map(
                e -> new Event(e.eventTime, ViewValuesCodec.decodeInputs(program.spec(), e.inputs)))
            .toList();
    Object[][] values = new PointInTimeEvaluator(program.spec()).evaluate(decoded, times);
    ViewSpec selected = columns.selectedSpec(viewIndex);
    byte[][] encoded = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      encoded[i] = ViewValuesCodec.encodeValues(selected, columns.select(viewIndex, values[i]));
    }
    return encoded;
  }
}
