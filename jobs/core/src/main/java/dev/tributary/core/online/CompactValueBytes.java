package dev.tributary.core.online;

import dev.tributary.core.types.ValueType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of one feature value inside an online record, as few as decode back to exactly the same
 * value. The decoder knows each value's type from the view, so no type tags are stored.
 *
 * <ul>
 *   <li>{@code BOOLEAN}: one byte, 1 or 0.
 *   <li>{@code LONG}, {@code TIMESTAMP}: zigzag varint (1 byte for -64..63, 10 at most).
 *   <li>{@code DOUBLE}: the 8 bytes of {@link Double#doubleToRawLongBits}, big-endian: bit for bit,
 *       -0.0, subnormals, infinities and NaN payloads included. (A shortest-digits text costs 17
 *       bytes for a typical average; its bytes are what made the old text layout large.)
 *   <li>{@code STRING}: length (unsigned varint), then UTF-8.
 *   <li>lists ({@code last_n}): element count (unsigned varint), a null bitmap of {@code ceil(count
 *       / 8)} bytes (bit set = element present), then the present elements as above.
 * </ul>
 */
final class CompactValueBytes {
  private CompactValueBytes() {}

  static void write(ValueType type, Object value, ByteArrayOutputStream out) {
    switch (type) {
      case BOOLEAN -> out.write(((Boolean) value) ? 1 : 0);
      case LONG, TIMESTAMP -> writeVarLong((Long) value, out);
      case DOUBLE -> writeLong(Double.doubleToRawLongBits((Double) value), out);
      case STRING -> {
        byte[] bytes = ((String) value).getBytes(StandardCharsets.UTF_8);
        writeLength(bytes.length, out);
        out.write(bytes, 0, bytes.length);
      }
    }
  }

  static void writeList(ValueType elementType, List<?> values, ByteArrayOutputStream out) {
    writeLength(values.size(), out);
    byte[] present = new byte[(values.size() + 7) / 8];
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) != null) {
        present[i / 8] |= (byte) (1 << (i % 8));
      }
    }
    out.write(present, 0, present.length);
    for (Object value : values) {
      if (value != null) {
        write(elementType, value, out);
      }
    }
  }

  /** Big-endian, as Lua's {@code struct.unpack('>i8', ...)} in the write script reads it. */
  static void writeLong(long value, ByteArrayOutputStream out) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
  }

  /** Zigzag, so that small negative numbers take few bytes too. */
  static void writeVarLong(long value, ByteArrayOutputStream out) {
    writeUnsigned((value << 1) ^ (value >> 63), out);
  }

  private static void writeLength(int length, ByteArrayOutputStream out) {
    writeUnsigned(length, out);
  }

  private static void writeUnsigned(long value, ByteArrayOutputStream out) {
    long rest = value;
    while ((rest & ~0x7FL) != 0) {
      out.write((int) ((rest & 0x7F) | 0x80));
      rest >>>= 7;
    }
    out.write((int) rest);
  }

  /** Reads values from a byte range; every read checks the range's end. */
  static final class Reader {
    private final byte[] bytes;
    private final int end;
    private int at;

    Reader(byte[] bytes, int from, int end) {
      this.bytes = bytes;
      this.at = from;
      this.end = end;
    }

    boolean atEnd() {
      return at == end;
    }

    int remaining() {
      return end - at;
    }

    /**
     * @throws IllegalArgumentException when the bytes end early or are not a value of the type
     */
    Object read(ValueType type) {
      return switch (type) {
        case BOOLEAN -> readBoolean();
        case LONG, TIMESTAMP -> readVarLong();
        case DOUBLE -> Double.longBitsToDouble(readLong());
        case STRING -> {
          int length = length();
          need(length);
          String text = new String(bytes, at, length, StandardCharsets.UTF_8);
          at += length;
          yield text;
        }
      };
    }

    List<Object> readList(ValueType elementType) {
      int count = length();
      byte[] present = take((count + 7) / 8);
      List<Object> values = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        values.add((present[i / 8] & (1 << (i % 8))) != 0 ? read(elementType) : null);
      }
      return values;
    }

    byte[] take(int length) {
      need(length);
      byte[] taken = new byte[length];
      System.arraycopy(bytes, at, taken, 0, length);
      at += length;
      return taken;
    }

    int readUnsignedShort() {
      need(2);
      int value = ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
      at += 2;
      return value;
    }

    long readLong() {
      need(8);
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (bytes[at++] & 0xFF);
      }
      return value;
    }

    long readVarLong() {
      long zigzag = readUnsigned();
      return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    private long readUnsigned() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        need(1);
        byte b = bytes[at++];
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("a varint runs past 10 bytes");
    }

    private int length() {
      long length = readUnsigned();
      if (length < 0 || length > remaining() * 8L + 8) {
        throw new IllegalArgumentException("a length of " + length + " does not fit the value");
      }
      return (int) length;
    }

    private Boolean readBoolean() {
      need(1);
      return switch (bytes[at++]) {
        case 1 -> Boolean.TRUE;
        case 0 -> Boolean.FALSE;
        default -> throw new IllegalArgumentException("byte " + bytes[at - 1] + " is no boolean");
      };
    }

    private void need(int count) {
      if (count > end - at) {
        throw new IllegalArgumentException(
            "the value ends " + (count - (end - at)) + " byte(s) early");
      }
    }
  }
}
