package dev.tributary.flink.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.parquet.Parquet;

/**
 * A training set as one Parquet file, for tools that take a file rather than a catalog: the rows of
 * the training table's current snapshot (read back, so the file holds exactly the table's rows),
 * with the table's columns and types ({@code timestamptz} as a UTC-adjusted timestamp in
 * microseconds). Rows stream from the table to the file, so memory does not grow with the set.
 */
final class TrainingParquet {
  private TrainingParquet() {}

  /** Writes {@code table}'s current rows to {@code file}, replacing the file if it exists. */
  static void write(Table table, Path file) {
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build();
          FileAppender<Record> out = Parquet.write(org.apache.iceberg.Files.localOutput(file.toFile()))
              .schema(table.schema())
              .createWriterFunc(GenericParquetWriter::create)
              .overwrite()
              .build()) {
        out.addAll(rows);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write training set " + table.name() + " to " + file + ": "
          + e.getMessage(), e);
    }
  }
}
