package dev.tributary.io.file;

import dev.tributary.core.types.Column;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Parquet values straight into a row of the source's Java types, through Parquet's push-style
 * converters: no intermediate record objects, and each dictionary-encoded string decoded once per
 * row group instead of once per row.
 *
 * <p>Accepted physical types per column type, checked once per file so a mismatch is a clear error
 * instead of a million rejections: long from INT64 or INT32; double from DOUBLE or FLOAT; boolean
 * from BOOLEAN; string from BINARY; timestamp from INT64 annotated TIMESTAMP (millis, micros or
 * nanos, rounded toward the past to milliseconds; local timestamps are read as UTC, like ISO text
 * without a zone), plain INT64 as epoch milliseconds, INT32 DATE (midnight UTC), or the legacy
 * INT96 of Impala, Hive and Spark (Julian day and nanoseconds of the day).
 */
final class ParquetRowMaterializer extends RecordMaterializer<Object[]> {
  /** Julian day number of 1970-01-01, for INT96 timestamps. */
  private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final int width;
  private final Root root;
  private Object[] row;

  /**
   * @param projection the file's fields to read, in file order
   * @param targets per field of the projection, its position in the row
   * @param columns per field of the projection, the source column it fills
   * @param width the number of columns of a row
   */
  ParquetRowMaterializer(
      Path file, MessageType projection, int[] targets, List<Column> columns, int width) {
    this.width = width;
    Converter[] converters = new Converter[projection.getFieldCount()];
    for (int field = 0; field < converters.length; field++) {
      converters[field] =
          converter(
              file,
              projection.getType(field).asPrimitiveType(),
              targets[field],
              columns.get(field));
    }
    this.root = new Root(converters);
  }

  @Override
  public Object[] getCurrentRecord() {
    return row;
  }

  @Override
  public GroupConverter getRootConverter() {
    return root;
  }

  private final class Root extends GroupConverter {
    private final Converter[] converters;

    Root(Converter[] converters) {
      this.converters = converters;
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      row = new Object[width];
    }

    @Override
    public void end() {}
  }

  /**
   * How many units of an INT64 timestamp column make a millisecond: its TIMESTAMP annotation's
   * unit, 1 without annotation (epoch milliseconds); 0 when the column is not such an INT64.
   */
  static long int64UnitsPerMilli(PrimitiveType type) {
    if (type.getPrimitiveTypeName() != PrimitiveTypeName.INT64) {
      return 0;
    }
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    if (logical == null) {
      return 1;
    }
    if (logical instanceof TimestampLogicalTypeAnnotation timestamp) {
      return switch (timestamp.getUnit()) {
        case MILLIS -> 1;
        case MICROS -> 1_000;
        case NANOS -> 1_000_000;
      };
    }
    return 0;
  }

  private PrimitiveConverter converter(Path file, PrimitiveType type, int target, Column column) {
    PrimitiveTypeName physical = type.getPrimitiveTypeName();
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    switch (column.type()) {
      case LONG:
        if (physical == PrimitiveTypeName.INT64 || physical == PrimitiveTypeName.INT32) {
          return new Longs(target, 1);
        }
        break;
      case DOUBLE:
        if (physical == PrimitiveTypeName.DOUBLE || physical == PrimitiveTypeName.FLOAT) {
          return new Doubles(target);
        }
        break;
      case BOOLEAN:
        if (physical == PrimitiveTypeName.BOOLEAN) {
          return new Booleans(target);
        }
        break;
      case STRING:
        if (physical == PrimitiveTypeName.BINARY) {
          return new Strings(target);
        }
        break;
      case TIMESTAMP:
        long unitsPerMilli = int64UnitsPerMilli(type);
        if (unitsPerMilli > 0) {
          return new Longs(target, unitsPerMilli);
        }
        if (physical == PrimitiveTypeName.INT32
            && logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return new Days(target);
        }
        if (physical == PrimitiveTypeName.INT96) {
          return new Int96Timestamps(target);
        }
        break;
      default:
        break;
    }
    throw new EventFileException(
        file
            + ": column '"
            + column.name()
            + "' is "
            + type
            + " in the file, which cannot be read as "
            + column.type().yamlName()
            + " (see docs/sources.md for the "
            + "Parquet types each column type accepts)");
  }

  /** Integers, divided toward the past by {@code unitsPerMilli} for finer timestamps. */
  private final class Longs extends PrimitiveConverter {
    private final int target;
    private final long unitsPerMilli;

    Longs(int target, long unitsPerMilli) {
      this.target = target;
      this.unitsPerMilli = unitsPerMilli;
    }

    @Override
    public void addLong(long value) {
      row[target] = unitsPerMilli == 1 ? value : Math.floorDiv(value, unitsPerMilli);
    }

    @Override
    public void addInt(int value) {
      row[target] = (long) value;
    }
  }

  private final class Days extends PrimitiveConverter {
    private final int target;

    Days(int target) {
      this.target = target;
    }

    @Override
    public void addInt(int days) {
      row[target] = days * MILLIS_PER_DAY;
    }
  }

  private final class Doubles extends PrimitiveConverter {
    private final int target;

    Doubles(int target) {
      this.target = target;
    }

    @Override
    public void addDouble(double value) {
      row[target] = value;
    }

    @Override
    public void addFloat(float value) {
      row[target] = (double) value;
    }
  }

  private final class Booleans extends PrimitiveConverter {
    private final int target;

    Booleans(int target) {
      this.target = target;
    }

    @Override
    public void addBoolean(boolean value) {
      row[target] = value;
    }
  }

  /** Strings, decoded once per dictionary entry when the column chunk is dictionary-encoded. */
  private final class Strings extends PrimitiveConverter {
    private final int target;
    private String[] dictionary;

    Strings(int target) {
      this.target = target;
    }

    @Override
    public boolean hasDictionarySupport() {
      return true;
    }

    @Override
    public void setDictionary(Dictionary values) {
      dictionary = new String[values.getMaxId() + 1];
      for (int id = 0; id < dictionary.length; id++) {
        dictionary[id] = values.decodeToBinary(id).toStringUsingUTF8();
      }
    }

    @Override
    public void addValueFromDictionary(int id) {
      row[target] = dictionary[id];
    }

    @Override
    public void addBinary(Binary value) {
      row[target] = value.toStringUsingUTF8();
    }
  }

  /** Twelve little-endian bytes: nanoseconds of the day (8), then the Julian day (4). */
  private final class Int96Timestamps extends PrimitiveConverter {
    private final int target;

    Int96Timestamps(int target) {
      this.target = target;
    }

    @Override
    public void addBinary(Binary value) {
      ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      long nanosOfDay = bytes.getLong();
      long julianDay = bytes.getInt();
      row[target] =
          (julianDay - JULIAN_DAY_OF_EPOCH) * MILLIS_PER_DAY
              + Math.floorDiv(nanosOfDay, 1_000_000L);
    }
  }
}
