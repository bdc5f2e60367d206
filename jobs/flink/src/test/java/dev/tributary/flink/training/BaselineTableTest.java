package dev.tributary.flink.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.tributary.core.training.FeatureBaseline;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import dev.tributary.flink.iceberg.BaselineTable;
import dev.tributary.flink.iceberg.TrainingColumns;
import java.util.List;
import java.util.Random;
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
    Table training = tinyTable("tiny", new double[2], new long[2], 1);
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

  /**
   * Columns asked for in another order than the table's get each their own statistics, from every
   * data file of the table (read in parallel and merged).
   */
  @Test
  void eachColumnGetsItsOwnStatisticsInAnyOrderFromEveryFile() throws Exception {
    double[] sums = new double[2];
    long[] nulls = new long[2];
    Table training = tinyTable("tiny_reordered", sums, nulls, 3);
    List<FeatureBaseline> baselines =
        BaselineTable.write(ICEBERG.catalog(), training, List.of("n", "x"), 10);
    assertEquals("n", baselines.get(0).feature());
    assertEquals(nulls[1], baselines.get(0).nulls());
    assertEquals(sums[1] / (5_000 - nulls[1]), baselines.get(0).mean(), 1e-9);
    assertEquals("x", baselines.get(1).feature());
    assertEquals(nulls[0], baselines.get(1).nulls());
    assertEquals(sums[0] / (5_000 - nulls[0]), baselines.get(1).mean(), 1e-9);
    for (int i = 0; i < 2; i++) {
      FeatureBaseline baseline = baselines.get(i);
      assertEquals(5_000, baseline.count());
      assertEquals(
          5_000 - baseline.nulls(), java.util.Arrays.stream(baseline.counts()).sum(), "binned");
    }
  }

  /**
   * A table {@code training.<name>} of 5,000 rows of a double {@code x} and a long {@code n}, both
   * sometimes null, in {@code files} data files; per column, the sum of its values and its nulls go
   * to {@code sums} and {@code nulls}.
   */
  private static Table tinyTable(String name, double[] sums, long[] nulls, int files)
      throws Exception {
    Schema schema =
        new Schema(
            Types.NestedField.optional(1, "x", Types.DoubleType.get()),
            Types.NestedField.optional(2, "n", Types.LongType.get()));
    Namespace namespace = Namespace.of(TrainingColumns.NAMESPACE);
    SupportsNamespaces namespaces = (SupportsNamespaces) ICEBERG.catalog();
    if (!namespaces.namespaceExists(namespace)) {
      namespaces.createNamespace(namespace);
    }
    Table training = ICEBERG.catalog().createTable(TableIdentifier.of(namespace, name), schema);
    Random random = new Random(3);
    org.apache.iceberg.AppendFiles append = training.newAppend();
    for (int f = 0; f < files; f++) {
      DataWriter<Record> writer =
          new GenericAppenderFactory(schema)
              .newDataWriter(
                  EncryptedFiles.plainAsEncryptedOutput(
                      training
                          .io()
                          .newOutputFile(
                              training.locationProvider().newDataLocation("t" + f + ".parquet"))),
                  FileFormat.PARQUET,
                  null);
      try (writer) {
        for (int i = f * 5_000 / files; i < (f + 1) * 5_000 / files; i++) {
          GenericRecord record = GenericRecord.create(schema);
          Double x = random.nextInt(20) == 0 ? null : random.nextGaussian();
          Long n = random.nextInt(10) == 0 ? null : (long) random.nextInt(100);
          record.setField("x", x);
          record.setField("n", n);
          writer.write(record);
          if (x == null) {
            nulls[0]++;
          } else {
            sums[0] += x;
          }
          if (n == null) {
            nulls[1]++;
          } else {
            sums[1] += n;
          }
        }
      }
      append.appendFile(writer.toDataFile());
    }
    append.commit();
    return training;
  }
}
