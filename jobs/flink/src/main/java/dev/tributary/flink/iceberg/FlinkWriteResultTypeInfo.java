package dev.tributary.flink.iceberg;

import dev.tributary.flink.serde.FixedSerializerTypeInfo;
import dev.tributary.flink.serde.ImmutableSerializer;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;
import org.apache.iceberg.flink.sink.FlinkWriteResult;
import org.apache.iceberg.io.WriteResult;

/**
 * Flink type of the files Iceberg's {@code FlinkSink} writers hand to its committer.
 *
 * <p>Iceberg leaves {@link FlinkWriteResult} to Flink's generic (Kryo) fallback, which our clusters
 * reject ({@code pipeline.generic-types: false}) so that none of our own types slips into Kryo. The
 * type crosses only the network between writer and committer, never state, so it is sent as the
 * {@code Serializable} {@link WriteResult} it wraps. {@link #register()} must run before the sink
 * is built (StreamingTableSink does): the type is resolved when the job graph is, in the client.
 */
public final class FlinkWriteResultTypeInfo extends FixedSerializerTypeInfo<FlinkWriteResult> {
  private static final long serialVersionUID = 1L;

  /** Makes {@code TypeInformation.of(FlinkWriteResult.class)} answer this type, once per JVM. */
  static synchronized void register() {
    if (TypeExtractor.getTypeInfoFactory(FlinkWriteResult.class) == null) {
      TypeExtractor.registerFactory(FlinkWriteResult.class, Factory.class);
    }
  }

  /** What {@link TypeExtractor} instantiates for {@link FlinkWriteResult}. */
  public static final class Factory extends TypeInfoFactory<FlinkWriteResult> {
    @Override
    public TypeInformation<FlinkWriteResult> createTypeInfo(
        Type type, Map<String, TypeInformation<?>> parameters) {
      return new FlinkWriteResultTypeInfo();
    }
  }

  private FlinkWriteResultTypeInfo() {
    super(FlinkWriteResult.class, Serializer.INSTANCE);
  }

  /** The checkpoint id, then the Java-serialized {@link WriteResult} with its length. */
  public static final class Serializer extends ImmutableSerializer<FlinkWriteResult> {
    private static final long serialVersionUID = 1L;
    static final Serializer INSTANCE = new Serializer();

    @Override
    public FlinkWriteResult createInstance() {
      return null;
    }

    @Override
    public void serialize(FlinkWriteResult result, DataOutputView out) throws IOException {
      out.writeLong(result.checkpointId());
      byte[] files = InstantiationUtil.serializeObject(result.writeResult());
      out.writeInt(files.length);
      out.write(files);
    }

    @Override
    public FlinkWriteResult deserialize(DataInputView in) throws IOException {
      long checkpointId = in.readLong();
      byte[] files = new byte[in.readInt()];
      in.readFully(files);
      try {
        WriteResult result =
            InstantiationUtil.deserializeObject(
                files, Thread.currentThread().getContextClassLoader());
        return new FlinkWriteResult(checkpointId, result);
      } catch (ClassNotFoundException e) {
        throw new IOException("Cannot read the files an Iceberg writer reported", e);
      }
    }

    @Override
    public TypeSerializerSnapshot<FlinkWriteResult> snapshotConfiguration() {
      return new Snapshot();
    }
  }

  /** Stateless serializer: the snapshot only names it. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<FlinkWriteResult> {
    public Snapshot() {
      super(() -> Serializer.INSTANCE);
    }
  }
}
