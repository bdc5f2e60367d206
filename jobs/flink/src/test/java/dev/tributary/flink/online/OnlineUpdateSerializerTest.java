package dev.tributary.flink.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class OnlineUpdateSerializerTest {
  private final OnlineUpdateSerializer serializer = OnlineUpdateSerializer.INSTANCE;

  @Test
  void flinkFindsTheTypeInformationWithoutKryo() {
    assertSame(OnlineUpdateTypeInfo.INSTANCE, TypeInformation.of(OnlineUpdate.class));
  }

  @Test
  void everyValueTypeRoundTrips() throws IOException {
    OnlineUpdate update =
        new OnlineUpdate(
            "v__0123abcd",
            Arrays.asList("SFO", 7L, null),
            Long.MIN_VALUE,
            new Object[] {
              true,
              Long.MAX_VALUE,
              -0.0,
              Double.MIN_VALUE,
              "",
              "é,\\",
              null,
              List.of(1L, 2L),
              Arrays.asList("a", null),
              List.of()
            },
            42L);
    assertEquals(update, roundTrip(update));
    OnlineUpdate withoutEventTime = new OnlineUpdate("v", List.of(), 0, new Object[0], null);
    assertEquals(withoutEventTime, roundTrip(withoutEventTime));
    assertEquals(
        Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits((Double) roundTrip(update).values()[2]));
  }

  @Test
  void aValueOfAnotherJavaTypeNamesTheUpdate() {
    OnlineUpdate update = new OnlineUpdate("v", List.of("X"), 1, new Object[] {3}, null);
    IOException e =
        assertThrows(
            IOException.class, () -> serializer.serialize(update, new DataOutputSerializer(64)));
    assertTrue(
        e.getMessage().startsWith("Cannot serialize java.lang.Integer 3 in OnlineUpdate[v [X]"),
        e.getMessage());
  }

  @Test
  void theSnapshotRestoresTheSameSerializer() {
    assertSame(serializer, serializer.snapshotConfiguration().restoreSerializer());
  }

  private OnlineUpdate roundTrip(OnlineUpdate update) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(update, out);
    return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }
}
