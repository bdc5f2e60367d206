package dev.tributary.sparktest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Two sets of rows are equal: grouped by key columns, the same keys, and for each key the same
 * rows, value by value with {@code equals} (so a long read back as a double, or an instant moved by
 * a time zone, is a difference). A failure names the first differing key and column, not every row.
 */
public final class SameRows {
  private static final int SHOWN = 5;

  private SameRows() {}

  public static void assertSameRows(
      List<Map<String, Object>> expected, List<Map<String, Object>> actual, List<String> key) {
    Map<String, List<Map<String, Object>>> want = byKey(expected, key);
    Map<String, List<Map<String, Object>>> got = byKey(actual, key);
    List<String> missing = new ArrayList<>(want.keySet());
    missing.removeAll(got.keySet());
    List<String> extra = new ArrayList<>(got.keySet());
    extra.removeAll(want.keySet());
    if (!missing.isEmpty() || !extra.isEmpty()) {
      fail(
          missing.size()
              + " keys "
              + key
              + " missing, e.g. "
              + first(missing)
              + "; "
              + extra.size()
              + " unexpected, e.g. "
              + first(extra)
              + " (of "
              + want.size()
              + " expected)");
    }
    want.forEach(
        (k, rows) -> {
          String where = key + " = " + k;
          assertEquals(rows.size(), got.get(k).size(), "rows of " + where);
          for (int i = 0; i < rows.size(); i++) {
            assertSameValues(rows.get(i), got.get(k).get(i), where);
          }
        });
  }

  private static void assertSameValues(
      Map<String, Object> expected, Map<String, Object> actual, String where) {
    assertEquals(expected.keySet(), actual.keySet(), "columns of " + where);
    expected.forEach(
        (column, value) -> assertEquals(value, actual.get(column), column + " of " + where));
  }

  /**
   * Rows by the text of their key values; the rows of one key in the order of their text by column
   * name.
   */
  private static Map<String, List<Map<String, Object>>> byKey(
      List<Map<String, Object>> rows, List<String> key) {
    Map<String, List<Map<String, Object>>> grouped = new TreeMap<>();
    for (Map<String, Object> row : rows) {
      grouped
          .computeIfAbsent(key.stream().map(row::get).toList().toString(), k -> new ArrayList<>())
          .add(row);
    }
    grouped
        .values()
        .forEach(list -> list.sort(Comparator.comparing(row -> new TreeMap<>(row).toString())));
    return grouped;
  }

  private static List<String> first(List<String> keys) {
    return keys.subList(0, Math.min(SHOWN, keys.size()));
  }
}
