package dev.tributary.flink.online;

import dev.tributary.flink.serde.ImmutableSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes an {@link OnlineUpdate} as: view name, key values, as-of, values, optional event time;
 * each value with a one-byte tag (null, boolean, long, double, string, list), so the format needs
 * no definitions to read and stays valid across view versions. Timestamps are longs, like
 * everywhere in Tributary.
 *
 * <p>Immutable: the record copies its arrays in and out and its lists are unmodifiable.
 */
public final class OnlineUpdateSerializer extends ImmutableSerializer<OnlineUpdate> {
  private static final long serialVersionUID = 1L;

  public static final OnlineUpdateSerializer INSTANCE = new OnlineUpdateSerializer();

  private static final byte NULL = 0;
  private static final byte BOOLEAN = 1;
  private static final byte LONG = 2;
  private static final byte DOUBLE = 3;
  private static final byte STRING = 4;
  private static final byte LIST = 5;

  private OnlineUpdateSerializer() {}

  @Override
  public OnlineUpdate createInstance() {
    return new OnlineUpdate("", List.of(), 0, new Object[0], null);
  }

  @Override
  public void serialize(OnlineUpdate update, DataOutputView out) throws IOException {
    writeString(update.view(), out);
    writeList(update.keyValues(), update, out);
    out.writeLong(update.asOf());
    Object[] values = update.valuesUnsafe();
    out.writeInt(values.length);
    for (Object value : values) {
      writeValue(value, update, out);
    }
    out.writeBoolean(update.eventTimeMillis() != null);
    if (update.eventTimeMillis() != null) {
      out.writeLong(update.eventTimeMillis());
    }
  }

  @Override
  public OnlineUpdate deserialize(DataInputView in) throws IOException {
    String view = readString(in);
    List<Object> keyValues = readList(in);
    long asOf = in.readLong();
    Object[] values = new Object[in.readInt()];
    for (int i = 0; i < values.length; i++) {
      values[i] = readValue(in);
    }
    Long eventTime = in.readBoolean() ? in.readLong() : null;
    return new OnlineUpdate(view, keyValues, asOf, values, eventTime);
  }

  @Override
  public TypeSerializerSnapshot<OnlineUpdate> snapshotConfiguration() {
    return new Snapshot();
  }

  private static void writeValue(Object value, OnlineUpdate update, DataOutputView out)
      throws IOException {
    if (value == null) {
      out.writeByte(NULL);
    } else if (value instanceof Boolean b) {
      out.writeByte(BOOLEAN);
      out.writeBoolean(b);
    } else if (value instanceof Long l) {
      out.writeByte(LONG);
      out.writeLong(l);
    } else if (value instanceof Double d) {
      out.writeByte(DOUBLE);
      out.writeDouble(d);
    } else if (value instanceof String s) {
      out.writeByte(STRING);
      writeString(s, out);
    } else if (value instanceof List<?> list) {
      out.writeByte(LIST);
      writeList(list, update, out);
    } else {
      throw new IOException(
          "Cannot serialize "
              + value.getClass().getName()
              + " "
              + value
              + " in "
              + update
              + ": online values are Boolean, Long (also timestamps), Double, String or a List of them");
    }
  }

  private static Object readValue(DataInputView in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case NULL -> null;
      case BOOLEAN -> in.readBoolean();
      case LONG -> in.readLong();
      case DOUBLE -> in.readDouble();
      case STRING -> readString(in);
      case LIST -> readList(in);
      default ->
          throw new IOException(
              "Unknown value tag "
                  + tag
                  + " in a serialized OnlineUpdate: the stream"
                  + " is corrupt or was written by another serializer");
    };
  }

  private static void writeList(List<?> list, OnlineUpdate update, DataOutputView out)
      throws IOException {
    out.writeInt(list.size());
    for (Object value : list) {
      writeValue(value, update, out);
    }
  }

  private static List<Object> readList(DataInputView in) throws IOException {
    int size = in.readInt();
    List<Object> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(readValue(in));
    }
    return Collections.unmodifiableList(list);
  }

  /** Length-prefixed UTF-8: {@code writeUTF} stops at 64 KiB. */
  private static void writeString(String value, DataOutputView out) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputView in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Restores {@link #INSTANCE}; the format has one version so far. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<OnlineUpdate> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
