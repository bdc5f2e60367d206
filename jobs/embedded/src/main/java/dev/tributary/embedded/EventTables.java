package dev.tributary.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;

/**
 * Iceberg tables of events written the way another system would (Iceberg's generic Parquet writer,
 * not the product's Flink sink), for the tests that read a source's events or a spine from a table.
 */
public final class EventTables {
  private EventTables() {}

  /** Creates the unpartitioned table {@code namespace.table} (and its namespace). */
  public static Table create(Catalog catalog, String name, Schema schema) {
    TableIdentifier id = TableIdentifier.parse(name);
    SupportsNamespaces namespaces = (SupportsNamespaces) catalog;
    if (!namespaces.namespaceExists(id.namespace())) {
      namespaces.createNamespace(Namespace.of(id.namespace().levels()));
    }
    return catalog.createTable(id, schema);
  }

  /**
   * Appends the rows as one data file, in one commit.
   *
   * @param rows per row, one value per column of the table's schema, as Iceberg's generic records
   *     hold them ({@code OffsetDateTime} for a {@code timestamptz}, {@code Long} for a {@code
   *     long}...)
   * @return the location of the data file written
   */
  public static String append(Table table, List<List<Object>> rows) {
    try {
      DataWriter<Record> writer =
          Parquet.writeData(
                  table
                      .io()
                      .newOutputFile(
                          table.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet")))
              .schema(table.schema())
              .withSpec(table.spec())
              .createWriterFunc(GenericParquetWriter::create)
              .build();
      try (writer) {
        for (List<Object> row : rows) {
          Record record = GenericRecord.create(table.schema());
          for (int i = 0; i < row.size(); i++) {
            record.set(i, row.get(i));
          }
          writer.write(record);
        }
      }
      table.newAppend().appendFile(writer.toDataFile()).commit();
      return writer.toDataFile().location();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
