package dev.tributary.flink.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.monitor.WritableState;
import dev.tributary.core.monitor.ab.VersionQualities;
import dev.tributary.core.monitor.serving.ErrorWindow;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Random;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * A monitoring state kept as an object in Flink state reads back from a checkpoint as the same
 * bytes, a copy is independent of its original, and a snapshot restores only into the same class.
 */
class MonitorStateSerializerTest {
  private final MonitorStateSerializer<VersionQualities> serializer =
      new MonitorStateSerializer<>(VersionQualities.class);

  @Test
  void aStateReadsBackAsTheSameBytes() throws IOException {
    VersionQualities state = randomQualities(new Random(7), 500);
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(state, out);
    VersionQualities back =
        serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    assertArrayEquals(state.toBytes(), back.toBytes());
    // the checkpoint's layout is the length and the state's bytes, as the byte-array state wrote
    DataOutputSerializer asBytes = new DataOutputSerializer(256);
    BytePrimitiveArraySerializer.INSTANCE.serialize(state.toBytes(), asBytes);
    assertArrayEquals(asBytes.getCopyOfBuffer(), out.getCopyOfBuffer());
  }

  @Test
  void aCopyChangesApartFromItsOriginal() {
    VersionQualities state = randomQualities(new Random(11), 100);
    byte[] before = state.toBytes();
    VersionQualities copy = serializer.copy(state);
    assertNotSame(state, copy);
    copy.add("2", 0.9, true);
    assertArrayEquals(before, state.toBytes());
    assertEquals(
        state.versions().get("2").count() + 1, copy.versions().get("2").count(), "the copy moved");
  }

  @Test
  void aSnapshotRestoresTheSameClassOnly() throws IOException {
    TypeSerializerSnapshot<VersionQualities> written = serializer.snapshotConfiguration();
    DataOutputSerializer out = new DataOutputSerializer(64);
    written.writeSnapshot(out);
    MonitorStateSerializer.Snapshot<VersionQualities> read =
        new MonitorStateSerializer.Snapshot<>();
    read.readSnapshot(
        written.getCurrentVersion(),
        new DataInputDeserializer(out.getCopyOfBuffer()),
        getClass().getClassLoader());
    TypeSerializer<VersionQualities> restored = read.restoreSerializer();
    assertEquals(serializer, restored);
    assertTrue(written.resolveSchemaCompatibility(read).isCompatibleAsIs());
    @SuppressWarnings({"unchecked", "rawtypes"})
    TypeSerializerSnapshot<VersionQualities> otherClass =
        (TypeSerializerSnapshot)
            new MonitorStateSerializer<>(ErrorWindow.class).snapshotConfiguration();
    assertTrue(written.resolveSchemaCompatibility(otherClass).isIncompatible());
  }

  @Test
  void aStateClassWithoutItsReaderIsRefusedWhenTheJobIsBuilt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new MonitorStateSerializer<>(NoReader.class));
    assertTrue(e.getMessage().contains("has no public static read(DataInput)"), e.getMessage());
  }

  private static VersionQualities randomQualities(Random random, int count) {
    VersionQualities state = new VersionQualities(0.5);
    for (int i = 0; i < count; i++) {
      state.add(random.nextBoolean() ? "1" : "2", random.nextDouble(), random.nextBoolean());
    }
    return state;
  }

  /** A state that cannot be read back. */
  static final class NoReader implements WritableState {
    @Override
    public void write(DataOutput out) {}
  }
}
