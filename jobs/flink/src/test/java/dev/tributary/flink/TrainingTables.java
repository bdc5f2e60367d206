package dev.tributary.flink;

import dev.tributary.flink.iceberg.TrainingColumns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * A training table read back: each row as its column values (timestamps as UTC ms), sorted by text.
 */
public final class TrainingTables {
  private TrainingTables() {}

  public static Table table(Catalog catalog, String name) {
    return catalog.loadTable(TableIdentifier.of(TrainingColumns.NAMESPACE, name));
  }

  public static List<List<Object>> rows(Catalog catalog, String name) {
    return rows(IcebergGenerics.read(table(catalog, name)).build());
  }

  /** The records (closed after reading) as rows, as {@link #rows(Catalog, String)} gives them. */
  public static List<List<Object>> rows(CloseableIterable<Record> read) {
    List<List<Object>> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = read) {
      for (Record record : records) {
        List<Object> row = new ArrayList<>();
        for (int i = 0; i < record.size(); i++) {
          Object value = record.get(i);
          row.add(
              value instanceof OffsetDateTime time
                  ? (Object) time.toInstant().toEpochMilli()
                  : value);
        }
        rows.add(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rows.sort((a, b) -> a.toString().compareTo(b.toString()));
    return rows;
  }

  public static List<String> columnNames(Catalog catalog, String name) {
    return table(catalog, name).schema().columns().stream().map(c -> c.name()).toList();
  }
}
