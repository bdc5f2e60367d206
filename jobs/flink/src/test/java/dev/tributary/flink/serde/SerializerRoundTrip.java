package dev.tributary.flink.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Writes records one after the other with a serializer and checks what comes back. */
public final class SerializerRoundTrip {
  private SerializerRoundTrip() {}

  /**
   * The records as read back from their bytes, all consumed; also checks that the serializer's
   * byte-to-byte copy (what Flink's sort and network use) gives the same bytes.
   */
  public static <T> List<T> of(TypeSerializer<T> serializer, List<T> records) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(16);
    for (T record : records) {
      serializer.serialize(record, out);
    }
    byte[] written = out.getCopyOfBuffer();

    DataInputDeserializer in = new DataInputDeserializer(written);
    List<T> read = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      read.add(serializer.deserialize(in));
    }
    assertEquals(0, in.available(), "bytes left after the last record");

    DataInputDeserializer again = new DataInputDeserializer(written);
    DataOutputSerializer copied = new DataOutputSerializer(16);
    for (int i = 0; i < records.size(); i++) {
      serializer.copy(again, copied);
    }
    assertArrayEquals(written, copied.getCopyOfBuffer(), "bytes copied without the records");
    return read;
  }
}
