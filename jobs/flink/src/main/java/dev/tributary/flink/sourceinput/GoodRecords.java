package dev.tributary.flink.sourceinput;

import dev.tributary.core.expr.EvaluationException;
import dev.tributary.core.records.ParsedEvent;
import org.apache.flink.api.common.functions.AbstractRichFunction;
import org.apache.flink.util.Collector;

/**
 * What a batch job makes of each good record of an input (view events, spine rows). The records
 * themselves come from a {@link RecordReader}, run by {@link RecordReading}, which accounts for
 * every record: the rejected ones go to the dead letters, and each record counts as read, used or
 * not needed in the job's {@link dev.tributary.core.rejection.RejectionTally}.
 *
 * @param <T> what the reader reads: a file path or a table row
 * @param <O> what the function emits
 */
public abstract class GoodRecords<T, O> extends AbstractRichFunction {
  private static final long serialVersionUID = 1L;

  private final RecordReader<T> reader;

  protected GoodRecords(RecordReader<T> reader) {
    this.reader = reader;
  }

  RecordReader<T> reader() {
    return reader;
  }

  /**
   * Emits what a good record gives.
   *
   * @return true when the job uses the record, false when it does not need it (outside the range)
   * @throws EvaluationException when the record cannot be used after all (a view's key or input
   *     cannot be computed): it is rejected with the message as its reason, and nothing of it is
   *     emitted
   */
  protected abstract boolean accept(ParsedEvent event, Collector<O> out);
}
