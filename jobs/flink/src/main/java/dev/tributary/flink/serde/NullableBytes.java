package dev.tributary.flink.serde;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A byte array that may be null in a hand-written serializer: its length (-1 for null), then it.
 */
public final class NullableBytes {
  private NullableBytes() {}

  public static void write(byte[] bytes, DataOutputView out) throws IOException {
    if (bytes == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  public static byte[] read(DataInputView in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }

  /** Copies one written array from {@code in} to {@code out} without making it. */
  public static void copy(DataInputView in, DataOutputView out) throws IOException {
    int length = in.readInt();
    out.writeInt(length);
    if (length > 0) {
      out.write(in, length);
    }
  }
}
