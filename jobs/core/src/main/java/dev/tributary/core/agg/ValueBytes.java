package dev.tributary.core.agg;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@link ValueCodec}'s encoding of a row of values, written straight into one reused array: the
 * same bytes as {@link ValueCodec#write} and {@link ValueCodec#writeResult} give through a {@code
 * DataOutputStream}, without the stream, the boxed values and an array that grows from its first
 * size per row. For code that encodes millions of rows read from columns (the history join decodes
 * every history row's feature values and encodes them for the spine rows it fills); an instance is
 * for one thread.
 */
public final class ValueBytes {
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private byte[] buffer = new byte[64];
  private int size;

  /** Starts a new row. */
  public void clear() {
    size = 0;
  }

  /** An absent value (null). */
  public void writeNull() {
    ensure(1);
    buffer[size++] = 0;
  }

  public void writeBoolean(boolean value) {
    ensure(2);
    buffer[size++] = 1;
    buffer[size++] = (byte) (value ? 1 : 0);
  }

  /** A present LONG or TIMESTAMP (UTC ms). */
  public void writeLong(long value) {
    ensure(9);
    buffer[size++] = 1;
    LONG.set(buffer, size, value);
    size += 8;
  }

  public void writeDouble(double value) {
    writeLong(Double.doubleToLongBits(value));
  }

  public void writeString(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    ensure(5 + utf8.length);
    buffer[size++] = 1;
    INT.set(buffer, size, utf8.length);
    size += 4;
    System.arraycopy(utf8, 0, buffer, size, utf8.length);
    size += utf8.length;
  }

  /**
   * A list-valued result's length, before its elements (each then written as a value); -1 for an
   * absent list.
   */
  public void writeListSize(int length) {
    ensure(4);
    INT.set(buffer, size, length);
    size += 4;
  }

  /** The row's bytes so far, in a new array. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  private void ensure(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }
  }
}
