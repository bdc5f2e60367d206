package dev.tributary.cli;

import dev.tributary.core.plan.HistoryTables;
import dev.tributary.embedded.LocalIcebergCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.ByteBuffers;

/**
 * Every row of every table of a catalog, as sorted text per table: two runs that wrote the same
 * rows have equal contents, whatever files and commits they took to get there.
 */
final class CatalogContents {
  private CatalogContents() {}

  /**
   * A local catalog's tables but the history tables, without {@code job_id}: it names the run that
   * wrote a row, so it differs between any two runs by design. History tables are compared by
   * {@code HistoryAssertions.assertSameHistories}, which knows which of their columns are sketches.
   */
  static Map<String, List<String>> of(Path dataDir) throws IOException {
    try (LocalIcebergCatalog local = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      return of(
          local.catalog(),
          Set.of(HistoryTables.JOB_ID),
          false,
          Namespace.of(HistoryTables.NAMESPACE));
    }
  }

  /**
   * Every table's rows without the columns named in {@code ignored}: those that differ between two
   * runs of the same job over the same input (the job's id, wall-clock times and latencies), and
   * doubles to 12 significant digits: sums of a parallel job's partial aggregates (a training set's
   * statistics) may be added in another order by another run.
   */
  static Map<String, List<String>> of(Catalog catalog, Set<String> ignored) {
    return of(catalog, ignored, true, null);
  }

  private static Map<String, List<String>> of(
      Catalog catalog, Set<String> ignored, boolean roundDoubles, Namespace skippedOrNull) {
    Map<String, List<String>> tables = new TreeMap<>();
    for (Namespace namespace : ((SupportsNamespaces) catalog).listNamespaces()) {
      if (namespace.equals(skippedOrNull)) {
        continue;
      }
      for (TableIdentifier id : catalog.listTables(namespace)) {
        tables.put(id.toString(), rows(catalog.loadTable(id), ignored, roundDoubles));
      }
    }
    return tables;
  }

  private static List<String> rows(Table table, Set<String> ignored, boolean roundDoubles) {
    List<Types.NestedField> columns =
        table.schema().columns().stream().filter(c -> !ignored.contains(c.name())).toList();
    List<String> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record record : records) {
        StringBuilder row = new StringBuilder();
        for (Types.NestedField column : columns) {
          row.append(column.name())
              .append('=')
              .append(text(record.getField(column.name()), roundDoubles))
              .append(' ');
        }
        rows.add(row.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + table.name(), e);
    }
    rows.sort(null);
    return rows;
  }

  /** Binary values (sketches) by their bytes, not by the buffer's position and limit. */
  private static String text(Object value, boolean roundDoubles) {
    if (value instanceof ByteBuffer buffer) {
      return HexFormat.of().formatHex(ByteBuffers.toByteArray(buffer));
    }
    if (roundDoubles && value instanceof Double number) {
      return String.format(java.util.Locale.ROOT, "%.12g", number);
    }
    return String.valueOf(value);
  }

  /**
   * Fails with the first difference, table by table: the tables missing or extra, then per table
   * the counts and the first rows only one side has.
   */
  static void assertSame(Map<String, List<String>> expected, Map<String, List<String>> actual) {
    org.junit.jupiter.api.Assertions.assertEquals(
        expected.keySet(), actual.keySet(), "the same tables");
    for (String table : expected.keySet()) {
      List<String> missing = new ArrayList<>(expected.get(table));
      missing.removeAll(actual.get(table));
      List<String> extra = new ArrayList<>(actual.get(table));
      extra.removeAll(expected.get(table));
      org.junit.jupiter.api.Assertions.assertEquals(
          expected.get(table),
          actual.get(table),
          () ->
              table
                  + ": "
                  + expected.get(table).size()
                  + " rows expected, "
                  + actual.get(table).size()
                  + " found; first missing: "
                  + missing.stream().limit(3).toList()
                  + "; first unexpected: "
                  + extra.stream().limit(3).toList());
    }
  }
}
