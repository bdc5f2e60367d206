package dev.tributary.flink.iceberg;

import dev.tributary.core.training.BaselineStatistics;
import dev.tributary.core.training.FeatureBaseline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/**
 * Baseline statistics of a training set's numeric features, in {@code training.<name>__stats}: one
 * row per feature with count, nulls, null rate, mean, stddev, and the quantile bin edges with the
 * exact count per bin. The scoring job loads this table to measure drift of live feature values.
 *
 * <p>Computed after the training table is committed, by two passes over it in constant memory
 * ({@link BaselineStatistics}), its data files read in parallel.
 */
public final class BaselineTable {
  public static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(
              1, "feature", Types.StringType.get(), "training-set column <view>__<feature>"),
          Types.NestedField.required(2, "count", Types.LongType.get(), "rows of the training set"),
          Types.NestedField.required(
              3, "nulls", Types.LongType.get(), "rows where the feature is null"),
          Types.NestedField.required(4, "null_rate", Types.DoubleType.get(), "nulls / count"),
          Types.NestedField.optional(
              5, "mean", Types.DoubleType.get(), "of the non-null values; null if none"),
          Types.NestedField.optional(
              6, "stddev", Types.DoubleType.get(), "population stddev of the non-null values"),
          Types.NestedField.required(
              7,
              "bin_edges",
              Types.ListType.ofRequired(9, Types.DoubleType.get()),
              "bins + 1 ascending edges: bin i is [edge i, edge i+1), the last bin includes its upper edge"),
          Types.NestedField.required(
              8,
              "bin_counts",
              Types.ListType.ofRequired(10, Types.LongType.get()),
              "non-null values per bin, exact"),
          Types.NestedField.optional(
              11,
              "kll_sketch",
              Types.BinaryType.get(),
              "DataSketches KllDoublesSketch of the non-null values (k = 400), for KS drift"));

  private BaselineTable() {}

  public static String name(String trainingSet) {
    return trainingSet + "__stats";
  }

  /**
   * Computes the statistics of {@code columns} in {@code training} and replaces the stats table.
   */
  public static List<FeatureBaseline> write(
      Catalog catalog, Table training, List<String> columns, int bins) {
    List<FeatureBaseline> baselines = compute(training, columns, bins);
    store(
        catalog,
        training.name().substring(training.name().lastIndexOf('.') + 1),
        baselines,
        Map.of(
            "comment",
            "baseline statistics of " + training.name(),
            "tributary.training-snapshot",
            String.valueOf(training.currentSnapshot().snapshotId())));
    return baselines;
  }

  /**
   * Replaces {@code training.<trainingSet>__stats} with {@code baselines}; {@code properties} go to
   * the table (what it was computed from).
   */
  public static void store(
      Catalog catalog,
      String trainingSet,
      List<FeatureBaseline> baselines,
      Map<String, String> properties) {
    TableIdentifier id = TableIdentifier.of(TrainingColumns.NAMESPACE, name(trainingSet));
    if (catalog.tableExists(id)) {
      catalog.dropTable(id, true);
    }
    Map<String, String> tableProperties = new java.util.HashMap<>(properties);
    tableProperties.put(TableProperties.FORMAT_VERSION, "2");
    Table stats =
        catalog
            .buildTable(id, SCHEMA)
            .withPartitionSpec(PartitionSpec.unpartitioned())
            .withProperties(tableProperties)
            .create();
    String path =
        stats.locationProvider().newDataLocation("stats-" + UUID.randomUUID() + ".parquet");
    DataWriter<Record> writer =
        // the table's schema, not SCHEMA: the catalog gives columns fresh ids at creation, and the
        // file must carry those (SCHEMA's nested list ids come before kll_sketch's)
        new GenericAppenderFactory(stats.schema())
            .newDataWriter(
                EncryptedFiles.plainAsEncryptedOutput(stats.io().newOutputFile(path)),
                FileFormat.PARQUET,
                null);
    try (writer) {
      for (FeatureBaseline b : baselines) {
        GenericRecord record = GenericRecord.create(stats.schema());
        record.setField("feature", b.feature());
        record.setField("count", b.count());
        record.setField("nulls", b.nulls());
        record.setField("null_rate", b.nullRate());
        record.setField("mean", Double.isNaN(b.mean()) ? null : b.mean());
        record.setField("stddev", Double.isNaN(b.stddev()) ? null : b.stddev());
        record.setField("bin_edges", Arrays.stream(b.edges()).boxed().toList());
        record.setField("bin_counts", Arrays.stream(b.counts()).boxed().toList());
        record.setField("kll_sketch", b.sketch() == null ? null : ByteBuffer.wrap(b.sketch()));
        writer.write(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + path + ": " + e.getMessage(), e);
    }
    DataFile file = writer.toDataFile();
    stats.newAppend().appendFile(file).commit();
  }

  /**
   * The baselines of {@code trainingSet} as {@link #write} stored them, sketch included (null for
   * tables written before the {@code kll_sketch} column); the monitor job compares live values with
   * them.
   */
  public static List<FeatureBaseline> read(Catalog catalog, String trainingSet) {
    Table stats =
        catalog.loadTable(TableIdentifier.of(TrainingColumns.NAMESPACE, name(trainingSet)));
    List<FeatureBaseline> baselines = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(stats).build()) {
      for (Record row : rows) {
        ByteBuffer sketch = (ByteBuffer) row.getField("kll_sketch");
        baselines.add(
            new FeatureBaseline(
                (String) row.getField("feature"),
                (Long) row.getField("count"),
                (Long) row.getField("nulls"),
                orNaN((Double) row.getField("mean")),
                orNaN((Double) row.getField("stddev")),
                ((List<?>) row.getField("bin_edges"))
                    .stream().mapToDouble(e -> (Double) e).toArray(),
                ((List<?>) row.getField("bin_counts")).stream().mapToLong(c -> (Long) c).toArray(),
                sketch == null ? null : bytes(sketch)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + stats.name() + ": " + e.getMessage(), e);
    }
    return baselines;
  }

  private static double orNaN(Double value) {
    return value == null ? Double.NaN : value;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  static List<FeatureBaseline> compute(Table training, List<String> columns, int bins) {
    List<BaselineStatistics> stats = new ArrayList<>();
    columns.forEach(column -> stats.add(new BaselineStatistics(column, bins)));
    List<FileScanTask> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> planned = training.newScan().select(columns).planFiles()) {
      planned.forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException("planning " + training.name() + ": " + e.getMessage(), e);
    }
    Schema projected = training.schema().select(columns);
    ExecutorService readers =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(files.size(), Runtime.getRuntime().availableProcessors())));
    try {
      pass(training, files, projected, stats, BaselineStatistics::observe, readers);
      stats.forEach(BaselineStatistics::fixEdges);
      pass(training, files, projected, stats, BaselineStatistics::count, readers);
    } finally {
      readers.shutdownNow();
    }
    return stats.stream().map(BaselineStatistics::result).toList();
  }

  /**
   * One pass over the table's data files, read in parallel by {@code readers} (one thread per
   * processor): each file fills a {@link BaselineStatistics#part} per column, merged into {@code
   * stats} in file order.
   */
  private static void pass(
      Table training,
      List<FileScanTask> files,
      Schema projected,
      List<BaselineStatistics> stats,
      BiConsumer<BaselineStatistics, Object> step,
      ExecutorService readers) {
    try {
      List<Future<List<BaselineStatistics>>> parts = new ArrayList<>();
      for (FileScanTask file : files) {
        parts.add(readers.submit(() -> read(training, file, projected, stats, step)));
      }
      for (Future<List<BaselineStatistics>> part : parts) {
        List<BaselineStatistics> partStats = part.get();
        for (int i = 0; i < stats.size(); i++) {
          stats.get(i).merge(partStats.get(i));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading " + training.name(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(
          "reading " + training.name() + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * One data file's part of a pass. A training table is written whole by one job, appended and
   * never changed, so its files are Parquet without deletes; anything else is refused rather than
   * read wrong.
   */
  private static List<BaselineStatistics> read(
      Table training,
      FileScanTask file,
      Schema projected,
      List<BaselineStatistics> stats,
      BiConsumer<BaselineStatistics, Object> step) {
    if (!file.deletes().isEmpty() || file.file().format() != FileFormat.PARQUET) {
      throw new IllegalStateException(
          training.name()
              + ": "
              + file.file().location()
              + " is not a Parquet file without deletes, as a training table's files are");
    }
    List<BaselineStatistics> part = stats.stream().map(BaselineStatistics::part).toList();
    // by position, not by name: a lookup by name is a hash-map probe per value
    int[] positions = positions(projected.asStruct(), stats);
    try (CloseableIterable<Record> records =
        Parquet.read(training.io().newInputFile(file.file().location()))
            .project(projected)
            .createReaderFunc(schema -> GenericParquetReaders.buildReader(projected, schema))
            .reuseContainers()
            .build()) {
      for (Record record : records) {
        for (int i = 0; i < positions.length; i++) {
          step.accept(part.get(i), record.get(positions[i]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "reading " + file.file().location() + ": " + e.getMessage(), e);
    }
    return part;
  }

  /** Where the column of each of {@code stats} is in rows of {@code struct}. */
  private static int[] positions(Types.StructType struct, List<BaselineStatistics> stats) {
    List<Types.NestedField> fields = struct.fields();
    int[] positions = new int[stats.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = fields.indexOf(struct.field(stats.get(i).feature()));
    }
    return positions;
  }
}
