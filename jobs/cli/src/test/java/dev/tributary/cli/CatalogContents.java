package dev.tributary.cli;

import dev.tributary.core.plan.HistoryTables;
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
import org.apache.iceberg.types.Types;

/**
 * Every row of every table of a local catalog but the history tables, as sorted text per table: two
 * runs that wrote the same rows have equal contents, whatever files and commits they took to get
 * there. The {@code job_id} column is left out: it names the run that wrote a row, so it differs
 * between any two runs by design. History tables are compared by {@code
 * HistoryAssertions.assertSameHistories}, which knows which of their columns are sketches.
 */
final class CatalogContents {
  private CatalogContents() {}

  static Map<String, List<String>> of(Path dataDir) throws IOException {
    Map<String, List<String>> tables = new TreeMap<>();
    try (LocalIcebergCatalog local = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      for (Namespace namespace : ((SupportsNamespaces) local.catalog()).listNamespaces()) {
        if (namespace.equals(Namespace.of(HistoryTables.NAMESPACE))) {
          continue;
        }
        for (TableIdentifier id : local.catalog().listTables(namespace)) {
          tables.put(id.toString(), rows(local.catalog().loadTable(id)));
        }
      }
    }
    return tables;
  }

  private static List<String> rows(Table table) {
    List<String> rows = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    table.schema().columns().stream()
        .map(Types.NestedField::name)
        .filter(name -> !name.equals(HistoryTables.JOB_ID))
        .forEach(columns::add);
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record record : records) {
        List<Object> values = new ArrayList<>(columns.size());
        columns.forEach(column -> values.add(record.getField(column)));
        rows.add(values.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + table.name(), e);
    }
    rows.sort(null);
    return rows;
  }
}
