package dev.tributary.flink.sourceinput;

import dev.tributary.core.defs.Source;
import dev.tributary.core.expr.Expression;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.flink.records.ViewEvent;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where a batch job reads a source's historical records: its files ({@link FileSourceInput}) or a
 * snapshot of an Iceberg table ({@link TableSourceInput}). Both hand their elements to the same
 * operators ({@link SourceEvents}, the training job's spine rows) through a {@link RecordReader},
 * so a table and a file of the same events give the same view events and spine rows.
 *
 * @param <T> the elements of the stream: file paths, or table rows
 */
public abstract class SourceInput<T> {
  /** The source whose records this input reads. */
  final Source source;

  SourceInput(Source source) {
    this.source = source;
  }

  /**
   * The elements to read, named {@code name}: only those that can hold rows whose {@code time} (an
   * expression over the source's columns) is in {@code range}, where the input can tell; the
   * operators check every row's time anyway.
   */
  public abstract DataStream<T> elements(
      StreamExecutionEnvironment env, String name, Expression time, ReadRange range);

  public abstract RecordReader<T> reader();

  /** {@code files} or {@code table}: the kind of input, in the lineage properties' names. */
  public abstract String kind();

  /**
   * What exactly was read, to rebuild the output from: each file with its size and time, or the
   * table's snapshot.
   */
  public abstract String lineage();

  /**
   * The source's events in {@code range} as view events of {@code views} (by their index in the
   * job), every record accounted for by {@code rejected}.
   *
   * @param deadLetters false when an earlier run of the job already sent these records' rejections
   */
  public final DataStream<ViewEvent> events(
      StreamExecutionEnvironment env,
      String name,
      Map<Integer, ViewProgram> views,
      ReadRange range,
      RejectedRecords rejected,
      boolean deadLetters) {
    return rejected
        .read(
            this,
            elements(env, name, source.eventTime(), range),
            new SourceEvents<>(reader(), views, range),
            TypeInformation.of(ViewEvent.class),
            name.equals(source.name())
                ? "events of " + name
                : "events of " + source.name() + " for " + name,
            deadLetters,
            "events-" + name)
        .name("events of " + name);
  }
}
