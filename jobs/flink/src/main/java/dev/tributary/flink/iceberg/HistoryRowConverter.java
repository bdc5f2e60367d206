package dev.tributary.flink.iceberg;

import dev.tributary.core.keys.EntityKeyCodec;
import dev.tributary.core.types.Column;
import dev.tributary.core.types.ValueType;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.flink.records.HistoryChange;
import java.util.List;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.types.RowKind;

/**
 * A {@link HistoryChange} of one view as a row of its history table: keys, {@code valid_from}, the
 * features, {@code job_id}. A removal becomes a DELETE row, which the Iceberg sink writes as an
 * equality delete on (keys, {@code valid_from}); only those columns matter in it.
 */
public final class HistoryRowConverter implements MapFunction<HistoryChange, RowData> {
  private static final long serialVersionUID = 1L;

  private final ViewProgram program;
  private final String jobId;

  public HistoryRowConverter(ViewProgram program, String jobId) {
    this.program = program;
    this.jobId = jobId;
  }

  @Override
  public RowData map(HistoryChange change) {
    List<Column> keys = program.view().entity().keys();
    int features = program.spec().size();
    GenericRowData row =
        new GenericRowData(
            change.isRemoval() ? RowKind.DELETE : RowKind.INSERT, keys.size() + 1 + features + 1);
    List<Object> keyValues = EntityKeyCodec.decode(change.key, keys);
    for (int i = 0; i < keys.size(); i++) {
      row.setField(i, internal(keys.get(i).type(), keyValues.get(i)));
    }
    row.setField(keys.size(), TimestampData.fromEpochMillis(change.validFrom));
    if (!change.isRemoval()) {
      Object[] values = ViewValuesCodec.decodeValues(program.spec(), change.values);
      for (int i = 0; i < features; i++) {
        row.setField(keys.size() + 1 + i, feature(i, values[i]));
      }
    }
    row.setField(keys.size() + 1 + features, StringData.fromString(jobId));
    return row;
  }

  private Object feature(int index, Object value) {
    ValueType type = program.spec().feature(index).resultType();
    if (value instanceof List<?> list) {
      Object[] elements = new Object[list.size()];
      for (int i = 0; i < elements.length; i++) {
        elements[i] = internal(type, list.get(i));
      }
      return new GenericArrayData(elements);
    }
    return internal(type, value);
  }

  /** Flink's internal representation of a value of a Tributary type. */
  static Object internal(ValueType type, Object value) {
    if (value == null) {
      return null;
    }
    switch (type) {
      case STRING:
        return StringData.fromString((String) value);
      case TIMESTAMP:
        return TimestampData.fromEpochMillis((Long) value);
      default:
        return value;
    }
  }
}
