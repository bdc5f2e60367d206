package dev.tributary.flink.sourceinput;

import dev.tributary.core.records.TimestampText;
import dev.tributary.core.types.ValueType;
import java.util.function.BiFunction;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.types.Type;

/**
 * How a column of an Iceberg table becomes the value of a source column of the declared type, the
 * Java value the core's validation expects (see {@link ValueType}). The accepted Iceberg types are
 * those that hold the declared value without loss, like the Parquet files of a source: a long from
 * {@code long} or {@code int}; a double from {@code double} or {@code float}; a boolean, a string
 * from their own type; a timestamp from {@code timestamptz} or {@code timestamp} (microseconds
 * rounded toward the past to milliseconds; a timestamp without zone is read as UTC, like ISO text
 * without one), {@code date} (midnight UTC), {@code long} (epoch milliseconds) or {@code string}
 * (ISO-8601 or epoch milliseconds, parsed like CSV text).
 */
enum TableColumnReading {
  LONG((row, position) -> row.getLong(position)),
  INT_AS_LONG((row, position) -> (long) row.getInt(position)),
  DOUBLE((row, position) -> row.getDouble(position)),
  FLOAT_AS_DOUBLE((row, position) -> (double) row.getFloat(position)),
  BOOLEAN((row, position) -> row.getBoolean(position)),
  STRING((row, position) -> row.getString(position).toString()),
  TIMESTAMP((row, position) -> row.getTimestamp(position, 6).getMillisecond()),
  DATE_AS_TIMESTAMP((row, position) -> row.getInt(position) * 86_400_000L),
  /** Throws IllegalArgumentException saying what was expected, when the text is not a timestamp. */
  TEXT_AS_TIMESTAMP((row, position) -> TimestampText.parse(row.getString(position).toString()));

  private final BiFunction<RowData, Integer, Object> reader;

  TableColumnReading(BiFunction<RowData, Integer, Object> reader) {
    this.reader = reader;
  }

  /** The value at {@code position} of a row whose value there is not null. */
  Object read(RowData row, int position) {
    return reader.apply(row, position);
  }

  /**
   * How to read a table column of type {@code type} as {@code declared}, or null when it cannot be.
   */
  static TableColumnReading of(ValueType declared, Type type) {
    Type.TypeID id = type.typeId();
    return switch (declared) {
      case LONG -> id == Type.TypeID.LONG ? LONG : id == Type.TypeID.INTEGER ? INT_AS_LONG : null;
      case DOUBLE ->
          id == Type.TypeID.DOUBLE ? DOUBLE : id == Type.TypeID.FLOAT ? FLOAT_AS_DOUBLE : null;
      case BOOLEAN -> id == Type.TypeID.BOOLEAN ? BOOLEAN : null;
      case STRING -> id == Type.TypeID.STRING ? STRING : null;
      case TIMESTAMP ->
          switch (id) {
            case TIMESTAMP -> TIMESTAMP;
            case DATE -> DATE_AS_TIMESTAMP;
            case LONG -> LONG;
            case STRING -> TEXT_AS_TIMESTAMP;
            default -> null;
          };
    };
  }
}
