package dev.tributary.flink.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.tributary.core.training.FeatureBaseline;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import java.util.List;
import java.util.Random;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The stats table gives back what it was given, the KLL sketch the monitor's KS needs included. */
class BaselineTableTest {
  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();

  @Test
  void readGivesBackEveryWrittenBaselineWithItsSketch() throws Exception {
    Schema schema =
        new Schema(
            Types.NestedField.optional(1, "x", Types.DoubleType.get()),
            Types.NestedField.optional(2, "n", Types.LongType.get()));
    Namespace namespace = Namespace.of(TrainingColumns.NAMESPACE);
    SupportsNamespaces namespaces = (SupportsNamespaces) ICEBERG.catalog();
    if (!namespaces.namespaceExists(namespace)) {
      namespaces.createNamespace(namespace);
    }
    Table training = ICEBERG.catalog().createTable(TableIdentifier.of(namespace, "tiny"), schema);
    DataWriter<Record> writer =
        new GenericAppenderFactory(schema)
            .newDataWriter(
                EncryptedFiles.plainAsEncryptedOutput(
                    training
                        .io()
                        .newOutputFile(training.locationProvider().newDataLocation("t.parquet"))),
                FileFormat.PARQUET,
                null);
    Random random = new Random(3);
    try (writer) {
      for (int i = 0; i < 5_000; i++) {
        GenericRecord record = GenericRecord.create(schema);
        record.setField("x", random.nextInt(20) == 0 ? null : random.nextGaussian());
        record.setField("n", (long) random.nextInt(100));
        writer.write(record);
      }
    }
    DataFile file = writer.toDataFile();
    training.newAppend().appendFile(file).commit();

    List<FeatureBaseline> written =
        BaselineTable.write(ICEBERG.catalog(), training, List.of("x", "n"), 10);
    List<FeatureBaseline> read = BaselineTable.read(ICEBERG.catalog(), "tiny");
    for (int i = 0; i < written.size(); i++) {
      assertNotNull(read.get(i).sketch(), "sketch of " + read.get(i).feature());
      assertEquals(written.get(i).sketch().length, read.get(i).sketch().length);
      assertEquals(written.get(i), read.get(i));
    }
    assertEquals(written, read);
  }
}
