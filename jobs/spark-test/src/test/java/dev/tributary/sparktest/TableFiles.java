package dev.tributary.sparktest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.DataWriter;

/** Appends records to a partitioned Iceberg table: one Parquet file per partition, one commit. */
final class TableFiles {
  private TableFiles() {}

  static void append(Table table, List<Record> records) {
    InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
    Map<PartitionKey, List<Record>> byPartition = new LinkedHashMap<>();
    for (Record record : records) {
      PartitionKey key = new PartitionKey(table.spec(), table.schema());
      key.partition(wrapper.wrap(record));
      byPartition.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
    }
    AppendFiles append = table.newAppend();
    GenericAppenderFactory factory = new GenericAppenderFactory(table.schema(), table.spec());
    for (Map.Entry<PartitionKey, List<Record>> partition : byPartition.entrySet()) {
      String path = table.locationProvider().newDataLocation(table.spec(), partition.getKey(),
          UUID.randomUUID() + ".parquet");
      DataWriter<Record> writer = factory.newDataWriter(
          EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(path)), FileFormat.PARQUET, partition.getKey());
      try (writer) {
        partition.getValue().forEach(writer::write);
      } catch (IOException e) {
        throw new UncheckedIOException("writing " + path, e);
      }
      append.appendFile(writer.toDataFile());
    }
    append.commit();
  }
}
