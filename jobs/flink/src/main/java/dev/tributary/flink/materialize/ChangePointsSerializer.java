package dev.tributary.flink.materialize;

import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.StreamingChangePoints;
import dev.tributary.flink.serde.OwnBytesSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * Flink state serializer of one view's {@link StreamingChangePoints}, using the core's own compact
 * bytes.
 *
 * <p>Keeping the object itself in state (rather than its bytes) matters: on the heap state backend
 * a read and a write are then reference operations, and the tiles are serialized only when a
 * checkpoint is taken, instead of twice per event. While a snapshot runs, the backend copies each
 * entity's state on its first access; {@link StreamingChangePoints#copy()} does that without bytes.
 * The snapshot carries the view (its definition is what decodes the bytes), and state restores only
 * into the same view version with the same allowed lateness.
 */
final class ChangePointsSerializer extends OwnBytesSerializer<StreamingChangePoints> {
  private static final long serialVersionUID = 1L;

  /** The view version whose state this is; null for {@link #ofRemoved}. */
  private final ViewProgram program;

  private final long allowedLatenessMillis;
  private final String versionedName;

  ChangePointsSerializer(ViewProgram program, long allowedLatenessMillis) {
    this(program, allowedLatenessMillis, program.view().versionedName());
  }

  private ChangePointsSerializer(
      ViewProgram program, long allowedLatenessMillis, String versionedName) {
    this.program = program;
    this.allowedLatenessMillis = allowedLatenessMillis;
    this.versionedName = versionedName;
  }

  /**
   * A stand-in for the serializer of a view version the job no longer materializes, only to clear
   * that version's restored state: its snapshot takes on the restored serializer, which carries the
   * version's definition (the job has none). It cannot read state itself.
   */
  static ChangePointsSerializer ofRemoved(String versionedName) {
    return new ChangePointsSerializer(null, 0, versionedName);
  }

  @Override
  public TypeSerializer<StreamingChangePoints> duplicate() {
    return this; // stateless
  }

  @Override
  public StreamingChangePoints createInstance() {
    return new StreamingChangePoints(definition().spec(), allowedLatenessMillis);
  }

  @Override
  public StreamingChangePoints copy(StreamingChangePoints from) {
    return from.copy();
  }

  @Override
  protected byte[] toBytes(StreamingChangePoints points) {
    return points.toBytes();
  }

  @Override
  protected StreamingChangePoints fromBytes(byte[] bytes) {
    return StreamingChangePoints.fromBytes(definition().spec(), allowedLatenessMillis, bytes);
  }

  private ViewProgram definition() {
    if (program == null) {
      throw new IllegalStateException(
          "the change points of "
              + versionedName
              + ", a view version this job does not materialize, can only be cleared");
    }
    return program;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChangePointsSerializer that
        && that.versionedName.equals(versionedName)
        && (that.program == null) == (program == null)
        && that.allowedLatenessMillis == allowedLatenessMillis;
  }

  @Override
  public int hashCode() {
    return versionedName.hashCode() * 31 + Long.hashCode(allowedLatenessMillis);
  }

  @Override
  public TypeSerializerSnapshot<StreamingChangePoints> snapshotConfiguration() {
    return new Snapshot(program, allowedLatenessMillis);
  }

  /**
   * Carries the view definition, which is what the state's bytes mean (none for {@link
   * #ofRemoved}).
   */
  public static final class Snapshot implements TypeSerializerSnapshot<StreamingChangePoints> {
    private ViewProgram program;
    private long allowedLatenessMillis;

    /** For Flink, which reads snapshots reflectively. */
    public Snapshot() {}

    Snapshot(ViewProgram program, long allowedLatenessMillis) {
      this.program = program;
      this.allowedLatenessMillis = allowedLatenessMillis;
    }

    @Override
    public int getCurrentVersion() {
      return 1;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      byte[] view = InstantiationUtil.serializeObject(program);
      out.writeInt(view.length);
      out.write(view);
      out.writeLong(allowedLatenessMillis);
    }

    @Override
    public void readSnapshot(int version, DataInputView in, ClassLoader classLoader)
        throws IOException {
      byte[] view = new byte[in.readInt()];
      in.readFully(view);
      try {
        program = InstantiationUtil.deserializeObject(view, classLoader);
      } catch (ClassNotFoundException missing) {
        throw new IOException("cannot read the view definition of a change-points state", missing);
      }
      allowedLatenessMillis = in.readLong();
    }

    @Override
    public TypeSerializer<StreamingChangePoints> restoreSerializer() {
      return program == null
          ? ofRemoved("a removed view version")
          : new ChangePointsSerializer(program, allowedLatenessMillis);
    }

    /**
     * The same view version with the same allowed lateness reads the state as it is; the stand-in
     * of a removed version takes on the restored serializer; state that only a stand-in ever
     * registered holds nothing. Anything else is a different view version's state.
     */
    @Override
    public TypeSerializerSchemaCompatibility<StreamingChangePoints> resolveSchemaCompatibility(
        TypeSerializerSnapshot<StreamingChangePoints> old) {
      if (!(old instanceof Snapshot previous)) {
        return TypeSerializerSchemaCompatibility.incompatible();
      }
      if (program == null || previous.program == null) {
        return program == null && previous.program != null
            ? TypeSerializerSchemaCompatibility.compatibleWithReconfiguredSerializer(
                previous.restoreSerializer())
            : TypeSerializerSchemaCompatibility.compatibleAsIs();
      }
      return previous.program.view().versionedName().equals(program.view().versionedName())
              && previous.allowedLatenessMillis == allowedLatenessMillis
          ? TypeSerializerSchemaCompatibility.compatibleAsIs()
          : TypeSerializerSchemaCompatibility.incompatible();
    }
  }
}
