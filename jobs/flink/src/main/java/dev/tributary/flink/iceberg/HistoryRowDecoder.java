package dev.tributary.flink.iceberg;

import dev.tributary.core.agg.ValueBytes;
import dev.tributary.core.keys.EntityKeyCodec;
import dev.tributary.core.types.Column;
import dev.tributary.core.types.ValueType;
import dev.tributary.core.window.ViewSpec;
import dev.tributary.flink.records.HistoryChange;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.flink.source.reader.RowDataConverter;

/**
 * A row of a view's history table, as Iceberg's Flink source reads it (equality deletes of
 * corrections applied), back into a history row keyed like the spine. The table's columns are laid
 * out by {@link dev.tributary.core.plan.HistoryTables}: keys, {@code valid_from}, the features; the
 * source reads only the features of the training set ({@link TrainingColumns#selected}), so the row
 * holds those, and the history row's values are those ({@link TrainingColumns#selectedSpec}).
 *
 * <p>It is the source's converter ({@code IcebergSource.forOutputType}), so rows are decoded in the
 * reading thread straight from the Parquet reader's reused row: Iceberg copies every row it passes
 * on otherwise, and the decoding would be one more operator.
 */
public final class HistoryRowDecoder implements RowDataConverter<HistoryChange> {
  private static final long serialVersionUID = 1L;

  private final int viewIndex;
  private final TrainingColumns columns;
  private transient List<Column> keys;
  private transient ViewSpec selected;

  /** Where each row's values are encoded, reused from row to row. */
  private transient ValueBytes values;

  public HistoryRowDecoder(int viewIndex, TrainingColumns columns) {
    this.viewIndex = viewIndex;
    this.columns = columns;
  }

  @Override
  public TypeInformation<HistoryChange> getProducedType() {
    return TypeInformation.of(HistoryChange.class);
  }

  @Override
  public HistoryChange apply(RowData row) {
    if (selected == null) {
      keys = columns.programs().get(viewIndex).view().entity().keys();
      selected = columns.selectedSpec(viewIndex);
      values = new ValueBytes();
    }
    List<Object> keyValues = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      keyValues.add(value(row, i, keys.get(i).type()));
    }
    return new HistoryChange(
        viewIndex,
        EntityKeyCodec.encode(keyValues),
        row.getTimestamp(keys.size(), 6).getMillisecond(),
        encodedValues(row));
  }

  /**
   * The row's feature values as {@link dev.tributary.core.view.ViewValuesCodec#encodeValues} of the
   * selected features encodes them, read from the columns without boxing (every history row the
   * join reads passes here).
   */
  private byte[] encodedValues(RowData row) {
    values.clear();
    for (int i = 0; i < selected.size(); i++) {
      int position = keys.size() + 1 + i;
      ValueType type = selected.feature(i).resultType();
      if (!selected.feature(i).function().producesList()) {
        write(row, position, type);
      } else if (row.isNullAt(position)) {
        values.writeListSize(-1);
      } else {
        ArrayData list = row.getArray(position);
        values.writeListSize(list.size());
        for (int e = 0; e < list.size(); e++) {
          write(list, e, type);
        }
      }
    }
    return values.toByteArray();
  }

  private void write(RowData row, int position, ValueType type) {
    if (row.isNullAt(position)) {
      values.writeNull();
      return;
    }
    switch (type) {
      case BOOLEAN -> values.writeBoolean(row.getBoolean(position));
      case LONG -> values.writeLong(row.getLong(position));
      case DOUBLE -> values.writeDouble(row.getDouble(position));
      case TIMESTAMP -> values.writeLong(row.getTimestamp(position, 6).getMillisecond());
      default -> values.writeString(row.getString(position).toString());
    }
  }

  private void write(ArrayData list, int index, ValueType type) {
    if (list.isNullAt(index)) {
      values.writeNull();
      return;
    }
    switch (type) {
      case BOOLEAN -> values.writeBoolean(list.getBoolean(index));
      case LONG -> values.writeLong(list.getLong(index));
      case DOUBLE -> values.writeDouble(list.getDouble(index));
      case TIMESTAMP -> values.writeLong(list.getTimestamp(index, 6).getMillisecond());
      default -> values.writeString(list.getString(index).toString());
    }
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
