package dev.tributary.flink.batch;

import dev.tributary.core.expr.EvaluationException;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.view.ViewInput;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.flink.materialize.ViewEvent;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Turns each good record of a source (from its files or its Iceberg table: see {@link RecordReader})
 * in the read range into one {@link ViewEvent} per view, exactly as the streaming job's routing
 * does: the same validation and the same {@link ViewProgram#extract}. Records that cannot be used
 * are counted and skipped; the streaming job is where they are dead-lettered.
 *
 * @param <T> what the reader reads: a file path or a table row
 */
final class SourceEvents<T> extends RichFlatMapFunction<T, ViewEvent> {
  private static final long serialVersionUID = 1L;

  private final RecordReader<T> reader;
  private final Map<Integer, ViewProgram> views;
  private final ReadRange range;
  private transient Counter unusable;
  private transient Counter read;

  SourceEvents(RecordReader<T> reader, Map<Integer, ViewProgram> views, ReadRange range) {
    this.reader = reader;
    this.views = Map.copyOf(views);
    this.range = range;
  }

  @Override
  public void open(OpenContext context) {
    unusable = getRuntimeContext().getMetricGroup().counter("recordsUnusable");
    read = getRuntimeContext().getMetricGroup().counter("eventsRead");
  }

  @Override
  public void flatMap(T element, Collector<ViewEvent> out) {
    reader.read(element, outcome -> accept(outcome, out));
  }

  private void accept(ParseOutcome outcome, Collector<ViewEvent> out) {
    if (!(outcome instanceof ParsedEvent event)) {
      unusable.inc();
    } else if (range.contains(event.eventTime())) {
      read.inc();
      emit(event, out);
    }
  }

  private void emit(ParsedEvent event, Collector<ViewEvent> out) {
    for (Map.Entry<Integer, ViewProgram> view : views.entrySet()) {
      Optional<ViewInput> input;
      try {
        input = view.getValue().extract(event.row(), event.eventTime());
      } catch (EvaluationException e) {
        unusable.inc();
        continue;
      }
      if (input.isPresent()) {
        out.collect(new ViewEvent(view.getKey(), input.get().encodedKey(), event.eventTime(),
            ViewValuesCodec.encodeInputs(view.getValue().spec(), input.get().event().inputs())));
      }
    }
  }
}
