package dev.tributary.core.agg;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A {@link DataInput} over one byte array, reading what a {@code DataOutputStream} wrote. {@code
 * new DataInputStream(new ByteArrayInputStream(bytes))} does the same, but every read of it goes
 * through the stream's synchronized methods and a byte at a time for numbers: decoding feature
 * values, which every training-set row and history row does, spent most of its time there. Like the
 * stream, a read past the end throws {@link EOFException}.
 */
public final class ByteArrayDataInput implements DataInput {
  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final byte[] bytes;
  private int position;

  public ByteArrayDataInput(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Bytes not read yet. */
  public int remaining() {
    return bytes.length - position;
  }

  /** Moves past {@code length} bytes and returns where they start. */
  private int take(int length) throws EOFException {
    if (length > remaining()) {
      throw new EOFException("needs " + length + " bytes at " + position + " of " + bytes.length);
    }
    int start = position;
    position += length;
    return start;
  }

  @Override
  public void readFully(byte[] into) throws IOException {
    readFully(into, 0, into.length);
  }

  @Override
  public void readFully(byte[] into, int offset, int length) throws IOException {
    System.arraycopy(bytes, take(length), into, offset, length);
  }

  @Override
  public int skipBytes(int n) {
    int skipped = Math.max(0, Math.min(n, remaining()));
    position += skipped;
    return skipped;
  }

  @Override
  public boolean readBoolean() throws IOException {
    return bytes[take(1)] != 0;
  }

  @Override
  public byte readByte() throws IOException {
    return bytes[take(1)];
  }

  @Override
  public int readUnsignedByte() throws IOException {
    return readByte() & 0xff;
  }

  @Override
  public short readShort() throws IOException {
    return (short) SHORT.get(bytes, take(2));
  }

  @Override
  public int readUnsignedShort() throws IOException {
    return readShort() & 0xffff;
  }

  @Override
  public char readChar() throws IOException {
    return (char) readShort();
  }

  @Override
  public int readInt() throws IOException {
    return (int) INT.get(bytes, take(4));
  }

  @Override
  public long readLong() throws IOException {
    return (long) LONG.get(bytes, take(8));
  }

  @Override
  public float readFloat() throws IOException {
    return Float.intBitsToFloat(readInt());
  }

  @Override
  public double readDouble() throws IOException {
    return Double.longBitsToDouble(readLong());
  }

  /** Not supported: no encoding read with this class has lines. */
  @Override
  public String readLine() {
    throw new UnsupportedOperationException("readLine: no encoding read here has lines");
  }

  @Override
  public String readUTF() throws IOException {
    return DataInputStream.readUTF(this);
  }
}
