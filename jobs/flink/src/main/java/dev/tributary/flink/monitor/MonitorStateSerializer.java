package dev.tributary.flink.monitor;

import dev.tributary.core.monitor.WritableState;
import dev.tributary.flink.serde.OwnBytesSerializer;
import java.io.DataInput;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink state serializer of a monitoring state ({@link WritableState}) by the state's own bytes, so
 * that keyed state holds the object itself.
 *
 * <p>On the heap state backend a read and a write are then reference operations, and a window is
 * serialized only when a checkpoint is taken. With the bytes in state instead, every prediction
 * decoded and encoded again its hour's, day's and since-start windows, a drift window's sketches
 * and compressed latency histogram included: the 3 M demo's monitor job ran at about 700
 * predictions/s, most of it in {@code Deflater}. While a snapshot runs, the backend copies an entry
 * on its first access ({@link #copy(WritableState)}, through the bytes: rare).
 *
 * <p>A state class is read by its static {@code read(DataInput)} ({@link WritableState.Reader}),
 * found by name, so the snapshot needs to hold only the class's name.
 */
final class MonitorStateSerializer<S extends WritableState> extends OwnBytesSerializer<S> {
  private static final long serialVersionUID = 1L;

  private final Class<S> type;
  private transient Method read;

  MonitorStateSerializer(Class<S> type) {
    this.type = type;
    readMethod(); // fail when the job is built, not at the first checkpoint
  }

  @Override
  public TypeSerializer<S> duplicate() {
    return this; // the reflective method is thread-safe
  }

  /** No empty state without its configuration (thresholds, features): none is made here. */
  @Override
  public S createInstance() {
    return null;
  }

  @Override
  public S copy(S from) {
    return fromBytes(from.toBytes());
  }

  @Override
  protected byte[] toBytes(S state) {
    return state.toBytes();
  }

  @Override
  protected S fromBytes(byte[] bytes) {
    return WritableState.fromBytes(bytes, this::invokeRead);
  }

  private S invokeRead(DataInput in) throws IOException {
    try {
      return type.cast(readMethod().invoke(null, in));
    } catch (InvocationTargetException failed) {
      if (failed.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(type.getName() + ".read failed", failed.getCause());
    } catch (IllegalAccessException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private Method readMethod() {
    if (read == null) {
      try {
        Method method = type.getMethod("read", DataInput.class);
        if (!Modifier.isStatic(method.getModifiers())
            || !type.isAssignableFrom(method.getReturnType())) {
          throw new NoSuchMethodException();
        }
        read = method;
      } catch (NoSuchMethodException missing) {
        throw new IllegalArgumentException(
            type.getName() + " has no public static read(DataInput) returning it", missing);
      }
    }
    return read;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MonitorStateSerializer<?> that && that.type.equals(type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<S> snapshotConfiguration() {
    return new Snapshot<>(type);
  }

  /** The state class's name: a state restores only into the same class. */
  public static final class Snapshot<S extends WritableState> implements TypeSerializerSnapshot<S> {
    private Class<S> type;

    /** For Flink, which reads snapshots reflectively. */
    public Snapshot() {}

    Snapshot(Class<S> type) {
      this.type = type;
    }

    @Override
    public int getCurrentVersion() {
      return 1;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      out.writeUTF(type.getName());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void readSnapshot(int version, DataInputView in, ClassLoader classLoader)
        throws IOException {
      String name = in.readUTF();
      try {
        type = (Class<S>) Class.forName(name, false, classLoader);
      } catch (ClassNotFoundException missing) {
        throw new IOException(
            "monitoring state class " + name + " is not on the classpath", missing);
      }
    }

    @Override
    public TypeSerializer<S> restoreSerializer() {
      return new MonitorStateSerializer<>(type);
    }

    @Override
    public TypeSerializerSchemaCompatibility<S> resolveSchemaCompatibility(
        TypeSerializerSnapshot<S> old) {
      return old instanceof Snapshot<S> previous && previous.type.getName().equals(type.getName())
          ? TypeSerializerSchemaCompatibility.compatibleAsIs()
          : TypeSerializerSchemaCompatibility.incompatible();
    }
  }
}
