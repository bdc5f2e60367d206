package dev.tributary.flink.training;

import dev.tributary.core.training.AsOfJoin;
import dev.tributary.flink.iceberg.TrainingColumns;
import dev.tributary.flink.records.HistoryChange;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * One view's values for the spine rows of an entity, by the as-of join over its history rows. The
 * join needs only the rows' {@code valid_from}s: the row in effect is passed on with its values
 * still encoded as {@link dev.tributary.flink.iceberg.HistoryRowDecoder} encoded them, never
 * decoded here (the training table's row is the one place they are decoded).
 */
final class HistoryJoinLookup extends KeyEndLookup<HistoryChange> {
  private static final long serialVersionUID = 1L;

  /** The view's values without events, encoded once: what a time before the first row gets. */
  private transient byte[] withoutEvents;

  HistoryJoinLookup(int viewIndex, TrainingColumns columns) {
    super(viewIndex, columns, TypeInformation.of(HistoryChange.class));
  }

  @Override
  byte[][] encodedValuesAsOf(List<HistoryChange> rows, long[] times) {
    long[] validFroms = new long[rows.size()];
    byte[][] rowValues = new byte[rows.size()][];
    for (int i = 0; i < validFroms.length; i++) {
      validFroms[i] = rows.get(i).validFrom;
      rowValues[i] = rows.get(i).values;
    }
    AsOfJoin.sortByValidFrom(validFroms, rowValues);
    byte[][] values = new byte[times.length][];
    for (int i = 0; i < times.length; i++) {
      int position = AsOfJoin.positionAsOf(validFroms, times[i]);
      values[i] = position == AsOfJoin.BEFORE_FIRST_ROW ? withoutEvents() : rowValues[position];
    }
    return values;
  }

  private byte[] withoutEvents() {
    if (withoutEvents == null) {
      withoutEvents = columns.encodedValuesWithoutEvents(viewIndex);
    }
    return withoutEvents;
  }
}
