package dev.tributary.flink.serde;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A serializer of a mutable state object that has a compact byte form of its own (the core's
 * aggregation and monitoring states): written as its length and those bytes. Keeping the object in
 * keyed state with such a serializer, rather than its bytes, makes a read and a write on the heap
 * state backend reference operations; the bytes are made only at checkpoints and, while a snapshot
 * runs, for the copy of an entry on its first access. A subclass says how to make and read the
 * bytes and how to copy an object.
 *
 * @param <T> the state type
 */
public abstract class OwnBytesSerializer<T> extends MutableSerializer<T> {
  private static final long serialVersionUID = 1L;

  /** The object's byte form. */
  protected abstract byte[] toBytes(T state);

  /** The object {@link #toBytes} made these bytes of. */
  protected abstract T fromBytes(byte[] bytes) throws IOException;

  @Override
  public final void serialize(T state, DataOutputView out) throws IOException {
    byte[] bytes = toBytes(state);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  @Override
  public final T deserialize(DataInputView in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return fromBytes(bytes);
  }

  @Override
  public final void copy(DataInputView in, DataOutputView out) throws IOException {
    int length = in.readInt();
    out.writeInt(length);
    out.write(in, length);
  }
}
