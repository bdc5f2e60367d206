package dev.tributary.flink.training;

import dev.tributary.flink.records.HistoryChange;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Drops the history rows that cannot be in effect as of any time of the training range before they
 * are shuffled and sorted. The row in effect as of {@code t} is the one with the greatest {@code
 * valid_from <= t}, so of an entity's rows before the range's start {@code from} only the latest
 * can be in effect at a time in the range: every older one is followed by it. Each reading task
 * passes on the rows from {@code from} on at once, keeps the latest row before {@code from} per
 * entity of those it read, and emits those at the end of its input; the lookup then takes the
 * latest of what every task kept, which is the entity's latest. Rows from the range's end {@code
 * to} on are dropped: no time of the range has them in effect, and the source's reader does not
 * filter them out of the files of {@code to}'s day.
 *
 * <p>The join reads every row before the range, not a window or a TTL back: a row is written when a
 * value changes, so the one in effect at {@code from} can be older than both. For a one-day set
 * over months of history that is many rows per entity, of which one is used, and without this
 * operator every one of them would be shuffled and sorted. Memory holds one row per entity read.
 */
final class LatestBeforeRange extends AbstractStreamOperator<HistoryChange>
    implements OneInputStreamOperator<HistoryChange, HistoryChange>, BoundedOneInput {
  private static final long serialVersionUID = 1L;

  private final long from;
  private final long to;
  private transient Map<String, HistoryChange> latest;

  /**
   * @param from the training range's start (UTC ms)
   * @param to its end, exclusive
   */
  LatestBeforeRange(long from, long to) {
    this.from = from;
    this.to = to;
  }

  @Override
  public void open() throws Exception {
    super.open();
    latest = new HashMap<>();
  }

  @Override
  public void processElement(StreamRecord<HistoryChange> element) {
    HistoryChange row = element.getValue();
    if (row.validFrom >= to) {
      return;
    }
    if (row.validFrom >= from) {
      output.collect(element);
      return;
    }
    HistoryChange kept = latest.get(row.key);
    if (kept == null || kept.validFrom < row.validFrom) {
      latest.put(row.key, row);
    } else if (kept.validFrom == row.validFrom) {
      throw new IllegalArgumentException(
          "two history rows of entity "
              + row.key
              + " with valid_from "
              + row.validFrom
              + ": the history table holds duplicates (a backfill and a stream wrote one range twice?)");
    }
  }

  @Override
  public void endInput() {
    latest.values().forEach(row -> output.collect(new StreamRecord<>(row)));
    latest.clear();
  }
}
