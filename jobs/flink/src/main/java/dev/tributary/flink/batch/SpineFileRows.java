package dev.tributary.flink.batch;

import dev.tributary.core.defs.FileInput;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.TimestampRange;
import dev.tributary.core.training.Spine;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.flink.input.EventFileReader;
import dev.tributary.flink.input.EventIterator;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Reads one file of the spine's source (the element is its path) and emits the spine rows whose
 * as-of time is in the range, each with its entity key for every view of the training set.
 */
final class SpineFileRows extends RichFlatMapFunction<String, SpineRow> {
  private static final long serialVersionUID = 1L;
  /** The key of a spine row whose key columns are null: no entity has it, so it gets the values without events. */
  static final String NO_KEY = "\u0000null key";

  private final Spine spine;
  private final String format;
  private final List<Spine.SpineKeys> keys;
  private final long from;
  private final long to;
  private transient Counter unusable;

  SpineFileRows(Spine spine, String format, List<Spine.SpineKeys> keys, long from, long to) {
    this.spine = spine;
    this.format = format;
    this.keys = List.copyOf(keys);
    this.from = from;
    this.to = to;
  }

  @Override
  public void open(OpenContext context) {
    unusable = getRuntimeContext().getMetricGroup().counter("spineRecordsUnusable");
  }

  @Override
  public void flatMap(String path, Collector<SpineRow> out) {
    FileInput input = new FileInput(Path.of(path), format);
    try (EventIterator records = new EventFileReader(spine.source(), input, TimestampRange.DEFAULT).open()) {
      while (records.hasNext()) {
        ParseOutcome outcome = records.next();
        if (!(outcome instanceof ParsedEvent event)) {
          unusable.inc();
          continue;
        }
        Object[] row = spine.row(event.row(), event.eventTime(), from, to);
        if (row != null) {
          String[] entityKeys = new String[keys.size()];
          for (int i = 0; i < entityKeys.length; i++) {
            String key = keys.get(i).encodedKey(row);
            entityKeys[i] = key == null ? NO_KEY : key;
          }
          out.collect(new SpineRow(ViewValuesCodec.encodeRow(spine.schema(), row), spine.asOf(row), entityKeys));
        }
      }
    }
  }
}
