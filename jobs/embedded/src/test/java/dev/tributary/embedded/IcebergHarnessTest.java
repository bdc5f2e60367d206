package dev.tributary.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.embedded.junit.IcebergCatalogExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SQLite-backed catalog commits real Parquet data files that any client can read back. */
class IcebergHarnessTest {

  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();

  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "origin", Types.StringType.get()),
          Types.NestedField.required(2, "delay", Types.LongType.get()));

  @Test
  void productNamespacesExist() {
    SupportsNamespaces namespaces = (SupportsNamespaces) ICEBERG.catalog();
    for (String name : LocalIcebergCatalog.NAMESPACES) {
      assertTrue(namespaces.namespaceExists(Namespace.of(name)), name);
    }
  }

  @Test
  void appendedRowsAreReadBackThroughASecondClient() throws Exception {
    TableIdentifier id = TableIdentifier.of("features", "harness_delays");
    Table table = ICEBERG.catalog().createTable(id, SCHEMA, PartitionSpec.unpartitioned());

    List<Record> rows = List.of(row("ATL", 15), row("ORD", -2), row("DEN", 40));
    table.newAppend().appendFile(writeParquet(table, rows)).commit();

    // A second client built only from the published properties sees the commit: the
    // properties are all another engine needs.
    Catalog other =
        CatalogUtil.buildIcebergCatalog(
            LocalIcebergCatalog.NAME, ICEBERG.properties(), new Configuration());
    List<Record> read = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(other.loadTable(id)).build()) {
      records.forEach(read::add);
    } finally {
      ((AutoCloseable) other).close();
    }
    assertEquals(rows, read);
  }

  @Test
  void catalogOpenedOnAFolderKeepsItsTablesAcrossRestarts() throws Exception {
    try (TemporaryDirectory dir = TemporaryDirectory.create("tributary-iceberg-reopen-")) {
      TableIdentifier id = TableIdentifier.of("registry", "definitions");
      try (LocalIcebergCatalog first = LocalIcebergCatalog.open(dir.path())) {
        first.catalog().createTable(id, SCHEMA);
      }
      try (LocalIcebergCatalog second = LocalIcebergCatalog.open(dir.path())) {
        assertEquals(SCHEMA.asStruct(), second.catalog().loadTable(id).schema().asStruct());
      }
    }
  }

  private static Record row(String origin, long delay) {
    return GenericRecord.create(SCHEMA).copy(Map.of("origin", origin, "delay", delay));
  }

  private static DataFile writeParquet(Table table, List<Record> rows) throws Exception {
    // The same Parquet writer path Iceberg's generic data writers use, one file per call.
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 1, 1).format(FileFormat.PARQUET).build();
    DataWriter<Record> writer =
        Parquet.writeData(files.newOutputFile())
            .forTable(table)
            .createWriterFunc(GenericParquetWriter::create)
            .overwrite()
            .build();
    try (writer) {
      rows.forEach(writer::write);
    }
    return writer.toDataFile();
  }
}
