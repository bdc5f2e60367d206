package dev.tributary.flink.training;

import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.training.Spine;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.flink.sourceinput.GoodRecords;
import dev.tributary.flink.sourceinput.ReadRange;
import dev.tributary.flink.sourceinput.RecordReader;
import dev.tributary.flink.sourceinput.RejectedRecords;
import dev.tributary.flink.sourceinput.SourceInput;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * Turns the good records of the spine's source (from its files or its Iceberg table: see {@link
 * RecordReader}) into the spine rows whose as-of time is in the range, by the core's {@link
 * Spine#row}, each with its entity key for every view of the training set.
 *
 * @param <T> what the reader reads: a file path or a table row
 */
final class SpineRows<T> extends GoodRecords<T, SpineRow> {
  private static final long serialVersionUID = 1L;

  /**
   * The key of a spine row whose key columns are null: no entity has it, so it gets the values
   * without events.
   */
  private static final String NO_KEY = "\u0000null key";

  private final Spine spine;
  private final List<Spine.SpineKeys> keys;
  private final long from;
  private final long to;

  /**
   * The spine rows of {@code input} with an as-of time in {@code [from, to)}, with their key for
   * each view.
   */
  static <T> DataStream<SpineRow> read(
      SourceInput<T> input,
      StreamExecutionEnvironment env,
      Spine spine,
      List<Spine.SpineKeys> keys,
      long from,
      long to,
      RejectedRecords rejected) {
    return rejected
        .read(
            input,
            input.elements(env, "spine-rows", spine.asOfTime(), new ReadRange(from, to)),
            new SpineRows<>(input.reader(), spine, keys, from, to),
            TypeInformation.of(SpineRow.class),
            "spine rows of " + spine.source().name(),
            true,
            "spine")
        .name(spine.description());
  }

  SpineRows(RecordReader<T> reader, Spine spine, List<Spine.SpineKeys> keys, long from, long to) {
    super(reader);
    this.spine = spine;
    this.keys = List.copyOf(keys);
    this.from = from;
    this.to = to;
  }

  @Override
  protected boolean accept(ParsedEvent event, Collector<SpineRow> out) {
    Object[] row = spine.row(event.row(), event.eventTime(), from, to);
    if (row == null) {
      return false;
    }
    String[] entityKeys = new String[keys.size()];
    for (int i = 0; i < entityKeys.length; i++) {
      String key = keys.get(i).encodedKey(row);
      entityKeys[i] = key == null ? NO_KEY : key;
    }
    out.collect(
        new SpineRow(ViewValuesCodec.encodeRow(spine.schema(), row), spine.asOf(row), entityKeys));
    return true;
  }
}
