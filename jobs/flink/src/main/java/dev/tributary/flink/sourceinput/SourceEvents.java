package dev.tributary.flink.sourceinput;

import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.view.ViewInput;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.flink.records.ViewEvent;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.util.Collector;

/**
 * Turns each good record of a source (from its files or its Iceberg table: see {@link
 * RecordReader}) in the read range into one {@link ViewEvent} per view, exactly as the streaming
 * job's routing does: the same validation and the same {@link ViewProgram#extract}.
 *
 * @param <T> what the reader reads: a file path or a table row
 */
final class SourceEvents<T> extends GoodRecords<T, ViewEvent> {
  private static final long serialVersionUID = 1L;

  private final Map<Integer, ViewProgram> views;
  private final ReadRange range;

  SourceEvents(RecordReader<T> reader, Map<Integer, ViewProgram> views, ReadRange range) {
    super(reader);
    this.views = Map.copyOf(views);
    this.range = range;
  }

  /**
   * One event per view, or none when the record is outside the read range; a view input that cannot
   * be computed rejects the whole record, as the streaming job does.
   */
  @Override
  protected boolean accept(ParsedEvent event, Collector<ViewEvent> out) {
    if (!range.contains(event.eventTime())) {
      return false;
    }
    for (Map.Entry<Integer, ViewProgram> view : views.entrySet()) {
      Optional<ViewInput> input = view.getValue().extract(event.row(), event.eventTime());
      if (input.isPresent()) {
        out.collect(
            new ViewEvent(
                view.getKey(),
                input.get().encodedKey(),
                event.eventTime(),
                ViewValuesCodec.encodeInputs(
                    view.getValue().spec(), input.get().event().inputs())));
      }
    }
    return true;
  }
}
