package dev.tributary.flink.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.tributary.core.training.FeatureBaseline;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import dev.tributary.flink.iceberg.BaselineTable;
import dev.tributary.flink.iceberg.TrainingColumns;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    Table training = tinyTable("tiny", new HashMap<>(), 1);
    List<FeatureBaseline> written =
        BaselineTable.write(ICEBERG.catalog(), training, List.of("x", "n", "b"), 10);
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
   * data file of the table (read in parallel and merged), equal to a scan of every value: count,
   * nulls, mean and stddev, the extreme values as the outer edges, and each bin's exact count
   * between the edges.
   */
  @Test
  void eachColumnsStatisticsEqualAScanOfEveryValueFromEveryFile() throws Exception {
    Map<String, List<Double>> values = new HashMap<>();
    Table training = tinyTable("tiny_reordered", values, 3);
    List<String> columns = List.of("b", "n", "x");
    List<FeatureBaseline> baselines = BaselineTable.write(ICEBERG.catalog(), training, columns, 10);
    for (int i = 0; i < columns.size(); i++) {
      FeatureBaseline baseline = baselines.get(i);
      String column = columns.get(i);
      assertEquals(column, baseline.feature());
      List<Double> present = values.get(column).stream().filter(v -> v != null).toList();
      double mean = present.stream().mapToDouble(v -> v).average().orElseThrow();
      double variance =
          present.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / present.size();
      assertEquals(5_000, baseline.count(), column);
      assertEquals(5_000 - present.size(), baseline.nulls(), column);
      assertEquals(mean, baseline.mean(), 1e-9, column);
      assertEquals(Math.sqrt(variance), baseline.stddev(), 1e-9, column);
      double[] edges = baseline.edges();
      assertEquals(present.stream().mapToDouble(v -> v).min().orElseThrow(), edges[0], column);
      assertEquals(
          present.stream().mapToDouble(v -> v).max().orElseThrow(),
          edges[edges.length - 1],
          column);
      long[] counts = new long[edges.length - 1];
      present.forEach(v -> counts[FeatureBaseline.bin(edges, v)]++);
      assertArrayEquals(counts, baseline.counts(), column + ": per bin");
    }
  }

  /**
   * A table {@code training.<name>} of 5,000 rows of a double {@code x}, a long {@code n} and a
   * boolean {@code b}, each sometimes null, in {@code files} data files; every column's values go
   * to {@code values} (null for a null, a boolean as 0 or 1).
   */
  private static Table tinyTable(String name, Map<String, List<Double>> values, int files)
      throws Exception {
    Schema schema =
        new Schema(
            Types.NestedField.optional(1, "x", Types.DoubleType.get()),
            Types.NestedField.optional(2, "n", Types.LongType.get()),
            Types.NestedField.optional(3, "b", Types.BooleanType.get()));
    Namespace namespace = Namespace.of(TrainingColumns.NAMESPACE);
    SupportsNamespaces namespaces = (SupportsNamespaces) ICEBERG.catalog();
    if (!namespaces.namespaceExists(namespace)) {
      namespaces.createNamespace(namespace);
    }
    Table training = ICEBERG.catalog().createTable(TableIdentifier.of(namespace, name), schema);
    Random random = new Random(3);
    List.of("x", "n", "b").forEach(column -> values.put(column, new ArrayList<>()));
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
          Boolean b = random.nextInt(8) == 0 ? null : random.nextInt(3) == 0;
          record.setField("x", x);
          record.setField("n", n);
          record.setField("b", b);
          writer.write(record);
          values.get("x").add(x);
          values.get("n").add(n == null ? null : n.doubleValue());
          values.get("b").add(b == null ? null : b ? 1.0 : 0.0);
        }
      }
      append.appendFile(writer.toDataFile());
    }
    append.commit();
    return training;
  }
}
