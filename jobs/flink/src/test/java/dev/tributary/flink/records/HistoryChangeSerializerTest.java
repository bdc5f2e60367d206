package dev.tributary.flink.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tributary.flink.serde.SerializerRoundTrip;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.junit.jupiter.api.Test;

class HistoryChangeSerializerTest {
  private final HistoryChangeSerializer serializer = HistoryChangeSerializer.INSTANCE;

  @Test
  void flinkFindsTheTypeInformationInsteadOfAPojo() {
    assertSame(HistoryChangeTypeInfo.INSTANCE, TypeInformation.of(HistoryChange.class));
  }

  @Test
  void writesAndRemovalsRoundTrip() throws IOException {
    List<HistoryChange> changes =
        List.of(
            new HistoryChange(2, "A\\|B é", Long.MIN_VALUE, new byte[] {1, 0, -1}),
            new HistoryChange(0, "", 1_000L, null),
            new HistoryChange(1, "X", 0, new byte[0]));
    List<HistoryChange> read = SerializerRoundTrip.of(serializer, changes);
    for (int i = 0; i < changes.size(); i++) {
      assertSameChange(changes.get(i), read.get(i));
      assertSameChange(changes.get(i), serializer.copy(changes.get(i)));
    }
    assertNull(read.get(1).values);
  }

  @Test
  void theSnapshotRestoresTheSameSerializer() {
    assertSame(serializer, serializer.snapshotConfiguration().restoreSerializer());
  }

  private static void assertSameChange(HistoryChange expected, HistoryChange actual) {
    assertEquals(expected.view, actual.view);
    assertEquals(expected.key, actual.key);
    assertEquals(expected.validFrom, actual.validFrom);
    assertArrayEquals(expected.values, actual.values);
  }
}
