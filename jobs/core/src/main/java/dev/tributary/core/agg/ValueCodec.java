package dev.tributary.core.agg;

import dev.tributary.core.types.ValueType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary encoding of typed values in aggregation and window state: a presence byte, then the
 * value (boolean byte, 8-byte long or double, length-prefixed UTF-8 string). Strings are not
 * limited to 64 KiB as with {@code writeUTF}.
 */
public final class ValueCodec {

  private ValueCodec() {}

  /** Writes a value of the given type, or null. */
  public static void write(DataOutput out, ValueType type, Object value) throws IOException {
    if (value == null) {
      out.writeByte(0);
      return;
    }
    out.writeByte(1);
    switch (type) {
      case BOOLEAN -> out.writeBoolean((Boolean) value);
      case LONG, TIMESTAMP -> out.writeLong((Long) value);
      case DOUBLE -> out.writeDouble((Double) value);
      case STRING -> {
        byte[] bytes = ((String) value).getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
      }
    }
  }

  /** Reads what {@link #write} wrote for the same type. */
  public static Object read(DataInput in, ValueType type) throws IOException {
    if (in.readByte() == 0) {
      return null;
    }
    return switch (type) {
      case BOOLEAN -> in.readBoolean();
      case LONG, TIMESTAMP -> in.readLong();
      case DOUBLE -> in.readDouble();
      case STRING -> {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        yield new String(bytes, StandardCharsets.UTF_8);
      }
    };
  }

  /** Writes a feature result: a single value, or for list-valued functions a list of them. */
  public static void writeResult(DataOutput out, AggregateSpec spec, Object value)
      throws IOException {
    if (!spec.function().producesList()) {
      write(out, spec.resultType(), value);
      return;
    }
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    List<?> list = (List<?>) value;
    out.writeInt(list.size());
    for (Object element : list) {
      write(out, spec.resultType(), element);
    }
  }

  /** Reads what {@link #writeResult} wrote for the same spec. */
  public static Object readResult(DataInput in, AggregateSpec spec) throws IOException {
    if (!spec.function().producesList()) {
      return read(in, spec.resultType());
    }
    int size = in.readInt();
    if (size < 0) {
      return null;
    }
    List<Object> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(read(in, spec.resultType()));
    }
    return List.copyOf(list);
  }

  static void writeBigDecimal(DataOutput out, BigDecimal value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] unscaled = value.unscaledValue().toByteArray();
    out.writeInt(unscaled.length);
    out.write(unscaled);
    out.writeInt(value.scale());
  }

  static BigDecimal readBigDecimal(DataInput in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] unscaled = new byte[length];
    in.readFully(unscaled);
    return new BigDecimal(new BigInteger(unscaled), in.readInt());
  }
}
