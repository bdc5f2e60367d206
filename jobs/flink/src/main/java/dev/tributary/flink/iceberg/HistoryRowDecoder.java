package dev.tributary.flink.iceberg;

import dev.tributary.core.keys.EntityKeyCodec;
import dev.tributary.core.types.Column;
import dev.tributary.core.types.ValueType;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.core.window.ViewSpec;
import dev.tributary.flink.records.HistoryChange;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.RowData;

/**
 * A row of a view's history table, as Iceberg's Flink source reads it (equality deletes of
 * corrections applied), back into a history row keyed like the spine. The table's columns are laid
 * out by {@link dev.tributary.core.plan.HistoryTables}: keys, {@code valid_from}, the features; the
 * source reads only the features of the training set ({@link TrainingColumns#selected}), so the row
 * holds those, and the history row's values are those ({@link TrainingColumns#selectedSpec}).
 */
public final class HistoryRowDecoder implements MapFunction<RowData, HistoryChange> {
  private static final long serialVersionUID = 1L;

  private final int viewIndex;
  private final TrainingColumns columns;
  private transient List<Column> keys;
  private transient ViewSpec selected;

  public HistoryRowDecoder(int viewIndex, TrainingColumns columns) {
    this.viewIndex = viewIndex;
    this.columns = columns;
  }

  @Override
  public HistoryChange map(RowData row) {
    if (selected == null) {
      keys = columns.programs().get(viewIndex).view().entity().keys();
      selected = columns.selectedSpec(viewIndex);
    }
    List<Object> keyValues = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      keyValues.add(value(row, i, keys.get(i).type()));
    }
    Object[] values = new Object[selected.size()];
    for (int i = 0; i < values.length; i++) {
      int position = keys.size() + 1 + i;
      ValueType type = selected.feature(i).resultType();
      values[i] =
          row.isNullAt(position)
              ? null
              : selected.feature(i).function().producesList()
                  ? list(row.getArray(position), type)
                  : value(row, position, type);
    }
    return new HistoryChange(
        viewIndex,
        EntityKeyCodec.encode(keyValues),
        row.getTimestamp(keys.size(), 6).getMillisecond(),
        ViewValuesCodec.encodeValues(selected, values));
  }

  private static List<Object> list(ArrayData array, ValueType type) {
    List<Object> list = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      list.add(
          array.isNullAt(i)
              ? null
              : switch (type) {
                case BOOLEAN -> array.getBoolean(i);
                case LONG -> array.getLong(i);
                case DOUBLE -> array.getDouble(i);
                case TIMESTAMP -> array.getTimestamp(i, 6).getMillisecond();
                default -> array.getString(i).toString();
              });
    }
    return list;
  }

  /** The core's value of a column: timestamps as UTC milliseconds. */
  private static Object value(RowData row, int position, ValueType type) {
    if (row.isNullAt(position)) {
      return null;
    }
    return switch (type) {
      case BOOLEAN -> row.getBoolean(position);
      case LONG -> row.getLong(position);
      case DOUBLE -> row.getDouble(position);
      case TIMESTAMP -> row.getTimestamp(position, 6).getMillisecond();
      default -> row.getString(position).toString();
    };
  }
}
