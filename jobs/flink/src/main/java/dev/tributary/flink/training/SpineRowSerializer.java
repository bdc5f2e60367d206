package dev.tributary.flink.training;

import dev.tributary.flink.serde.MutableRecordSerializer;
import dev.tributary.flink.serde.NullableBytes;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes a {@link SpineRow} as its encoded columns, as-of time, and per view its key and its values
 * (length -1 before the view's lookup filled them in). Every spine row is shuffled and sorted once
 * per view; Flink's POJO serializer did that by reflection, with a null flag per field and element.
 */
public final class SpineRowSerializer extends MutableRecordSerializer<SpineRow> {
  private static final long serialVersionUID = 1L;

  public static final SpineRowSerializer INSTANCE = new SpineRowSerializer();

  private SpineRowSerializer() {}

  @Override
  public SpineRow createInstance() {
    return new SpineRow(new byte[0], 0, new String[0]);
  }

  /**
   * The arrays of keys and values are copied, a lookup sets its view's entry in the copy; the byte
   * arrays in them are shared, as nothing changes one once made.
   */
  @Override
  public SpineRow copy(SpineRow from) {
    SpineRow copy = new SpineRow(from.row, from.asOf, from.keys.clone());
    System.arraycopy(from.features, 0, copy.features, 0, from.features.length);
    return copy;
  }

  @Override
  public void serialize(SpineRow row, DataOutputView out) throws IOException {
    NullableBytes.write(row.row, out);
    out.writeLong(row.asOf);
    out.writeInt(row.keys.length);
    for (int view = 0; view < row.keys.length; view++) {
      StringValue.writeString(row.keys[view], out);
      NullableBytes.write(row.features[view], out);
    }
  }

  @Override
  public SpineRow deserialize(DataInputView in) throws IOException {
    byte[] columns = NullableBytes.read(in);
    long asOf = in.readLong();
    SpineRow row = new SpineRow(columns, asOf, new String[in.readInt()]);
    for (int view = 0; view < row.keys.length; view++) {
      row.keys[view] = StringValue.readString(in);
      row.features[view] = NullableBytes.read(in);
    }
    return row;
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    NullableBytes.copy(in, out);
    out.writeLong(in.readLong());
    int views = in.readInt();
    out.writeInt(views);
    for (int view = 0; view < views; view++) {
      StringValue.copyString(in, out);
      NullableBytes.copy(in, out);
    }
  }

  @Override
  public TypeSerializerSnapshot<SpineRow> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Restores the serializer from a snapshot: it has no configuration. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<SpineRow> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
