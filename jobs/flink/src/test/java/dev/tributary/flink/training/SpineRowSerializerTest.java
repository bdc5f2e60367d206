package dev.tributary.flink.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tributary.flink.serde.SerializerRoundTrip;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.junit.jupiter.api.Test;

class SpineRowSerializerTest {
  private final SpineRowSerializer serializer = SpineRowSerializer.INSTANCE;

  @Test
  void flinkFindsTheTypeInformationInsteadOfAPojo() {
    assertSame(SpineRowTypeInfo.INSTANCE, TypeInformation.of(SpineRow.class));
  }

  @Test
  void rowsBeforeAndAfterLookupsRoundTrip() throws IOException {
    SpineRow fresh = new SpineRow(new byte[] {7, 8}, -5L, new String[] {"ORD", "A|B", "é"});
    SpineRow looked = new SpineRow(new byte[0], Long.MAX_VALUE, new String[] {"X", "Y"});
    looked.features[1] = new byte[] {1, 2, 3};
    SpineRow noViews = new SpineRow(new byte[] {1}, 0, new String[0]);
    List<SpineRow> rows = List.of(fresh, looked, noViews);
    List<SpineRow> read = SerializerRoundTrip.of(serializer, rows);
    for (int i = 0; i < rows.size(); i++) {
      assertSameRow(rows.get(i), read.get(i));
    }
  }

  @Test
  void aCopysLookupsDoNotReachTheOriginal() {
    SpineRow row = new SpineRow(new byte[] {1}, 3, new String[] {"K", "L"});
    row.features[0] = new byte[] {9};
    SpineRow copy = serializer.copy(row);
    assertSameRow(row, copy);
    copy.features[1] = new byte[] {4};
    copy.keys[0] = "M";
    assertNull(row.features[1]);
    assertEquals("K", row.keys[0]);
    assertNotSame(row.features, copy.features);
  }

  @Test
  void theSnapshotRestoresTheSameSerializer() {
    assertSame(serializer, serializer.snapshotConfiguration().restoreSerializer());
  }

  private static void assertSameRow(SpineRow expected, SpineRow actual) {
    assertArrayEquals(expected.row, actual.row);
    assertEquals(expected.asOf, actual.asOf);
    assertArrayEquals(expected.keys, actual.keys);
    assertEquals(expected.features.length, actual.features.length);
    for (int view = 0; view < expected.features.length; view++) {
      assertArrayEquals(expected.features[view], actual.features[view], "view " + view);
    }
  }
}
