package dev.tributary.flink.sourceinput;

import dev.tributary.core.records.ParsedEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Reads each element (a file path, a table row) with a {@link RecordReader} and hands every good
 * record to {@link #accept}. Records that cannot be used are counted and skipped: the streaming job
 * is where they are dead-lettered, a batch job only says how many there were.
 *
 * @param <T> what the reader reads
 * @param <O> what the function emits
 */
public abstract class GoodRecords<T, O> extends RichFlatMapFunction<T, O> {
  private static final long serialVersionUID = 1L;

  private final RecordReader<T> reader;
  private final String unusableMetric;
  private transient Counter unusable;

  /**
   * @param unusableMetric the name of the counter of records that cannot be used
   */
  protected GoodRecords(RecordReader<T> reader, String unusableMetric) {
    this.reader = reader;
    this.unusableMetric = unusableMetric;
  }

  @Override
  public void open(OpenContext context) throws Exception {
    unusable = getRuntimeContext().getMetricGroup().counter(unusableMetric);
  }

  @Override
  public final void flatMap(T element, Collector<O> out) {
    reader.read(
        element,
        outcome -> {
          if (outcome instanceof ParsedEvent event) {
            accept(event, out);
          } else {
            unusable.inc();
          }
        });
  }

  /** Emits what a good record gives. */
  protected abstract void accept(ParsedEvent event, Collector<O> out);

  /** Counts a good record that still cannot be used (its view input cannot be computed, say). */
  protected final void unusable() {
    unusable.inc();
  }
}
