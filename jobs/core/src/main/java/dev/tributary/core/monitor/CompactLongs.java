package dev.tributary.core.monitor;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Arrays of non-negative counts as unsigned varints: most monitoring counts are small or zero, so
 * this keeps the keyed state of a window a few bytes per bin instead of eight.
 */
public final class CompactLongs {
  private CompactLongs() {}

  public static void write(DataOutput out, long[] values) throws IOException {
    writeVarint(out, values.length);
    for (long value : values) {
      writeVarint(out, value);
    }
  }

  public static long[] read(DataInput in) throws IOException {
    long[] values = new long[Math.toIntExact(readVarint(in))];
    for (int i = 0; i < values.length; i++) {
      values[i] = readVarint(in);
    }
    return values;
  }

  public static void writeVarint(DataOutput out, long value) throws IOException {
    if (value < 0) {
      throw new IllegalArgumentException("counts are never negative, got " + value);
    }
    while ((value & ~0x7FL) != 0) {
      out.writeByte((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.writeByte((int) value);
  }

  public static long readVarint(DataInput in) throws IOException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.readByte();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("varint longer than 10 bytes: the state bytes are corrupt");
  }
}
