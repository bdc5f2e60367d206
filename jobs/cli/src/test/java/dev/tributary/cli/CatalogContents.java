package dev.tributary.cli;

import dev.tributary.embedded.LocalIcebergCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Every row of every table of a local catalog, as sorted text per table: two runs that wrote the
 * same rows have equal contents, whatever files and commits they took to get there.
 */
final class CatalogContents {
  private CatalogContents() {}

  static Map<String, List<String>> of(Path dataDir) throws IOException {
    Map<String, List<String>> tables = new TreeMap<>();
    try (LocalIcebergCatalog local = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      for (Namespace namespace : ((SupportsNamespaces) local.catalog()).listNamespaces()) {
        for (TableIdentifier id : local.catalog().listTables(namespace)) {
          tables.put(id.toString(), rows(local.catalog().loadTable(id)));
        }
      }
    }
    return tables;
  }

  private static List<String> rows(Table table) {
    List<String> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      records.forEach(record -> rows.add(record.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + table.name(), e);
    }
    rows.sort(null);
    return rows;
  }
}
