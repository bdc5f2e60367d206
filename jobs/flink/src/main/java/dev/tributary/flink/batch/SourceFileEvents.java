package dev.tributary.flink.batch;

import dev.tributary.core.defs.FileInput;
import dev.tributary.core.defs.Source;
import dev.tributary.core.expr.EvaluationException;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.TimestampRange;
import dev.tributary.core.view.ViewInput;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.flink.input.EventFileReader;
import dev.tributary.flink.input.EventIterator;
import dev.tributary.flink.materialize.ViewEvent;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Reads one file of a source (the element is its path) and turns each good record in the read
 * range into one {@link ViewEvent} per view, exactly as the streaming job's routing does: the same
 * parser and the same {@link ViewProgram#extract}. Records that cannot be used are counted and
 * skipped; the streaming job is where they are dead-lettered.
 */
public final class SourceFileEvents extends RichFlatMapFunction<String, ViewEvent> {
  private static final long serialVersionUID = 1L;

  private final Source source;
  private final String format;
  private final Map<Integer, ViewProgram> views;
  private final ReadRange range;
  private transient Counter unusable;
  private transient Counter read;

  /** @param format csv, json or parquet: how the files to read are written */
  public SourceFileEvents(Source source, String format, Map<Integer, ViewProgram> views, ReadRange range) {
    this.source = source;
    this.format = format;
    this.views = Map.copyOf(views);
    this.range = range;
  }

  @Override
  public void open(OpenContext context) {
    unusable = getRuntimeContext().getMetricGroup().counter("recordsUnusable");
    read = getRuntimeContext().getMetricGroup().counter("eventsRead");
  }

  @Override
  public void flatMap(String path, Collector<ViewEvent> out) {
    FileInput input = new FileInput(Path.of(path), format);
    try (EventIterator records = new EventFileReader(source, input, TimestampRange.DEFAULT).open()) {
      while (records.hasNext()) {
        ParseOutcome outcome = records.next();
        if (!(outcome instanceof ParsedEvent event)) {
          unusable.inc();
          continue;
        }
        if (range.contains(event.eventTime())) {
          read.inc();
          emit(event, out);
        }
      }
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
