package dev.tributary.flink.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;

/**
 * A training set as one Parquet file, for tools that take a file rather than a catalog: the rows of
 * the training table's current snapshot (read back, so the file holds exactly the table's rows),
 * with the table's columns and types ({@code timestamptz} as a UTC-adjusted timestamp in
 * microseconds). Rows stream from the table to the file, so memory does not grow with the set.
 *
 * <p>The file is a local path, or a URI ({@code s3://bucket/sets/x.parquet}, {@code file:///...})
 * written through the table's own {@code FileIO}: wherever the catalog can write its tables, with
 * the same credentials.
 */
final class TrainingParquet {
  private TrainingParquet() {}

  private static final Pattern URI_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");

  /** Writes {@code table}'s current rows to {@code location}, replacing the file if it exists. */
  static void write(Table table, String location) {
    try {
      try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build();
          FileAppender<Record> out =
              Parquet.write(outputFile(table, location))
                  .schema(table.schema())
                  .createWriterFunc(GenericParquetWriter::create)
                  .overwrite()
                  .build()) {
        out.addAll(rows);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write training set " + table.name() + " to " + location + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * A URI as given; a local path made absolute, so the table property names the file wherever it is
   * read.
   */
  static String normalized(String location) {
    return URI_SCHEME.matcher(location).matches()
        ? location
        : Path.of(location).toAbsolutePath().toString();
  }

  private static OutputFile outputFile(Table table, String location) throws IOException {
    if (URI_SCHEME.matcher(location).matches()) {
      return table.io().newOutputFile(location);
    }
    Path file = Path.of(location).toAbsolutePath();
    Files.createDirectories(file.getParent());
    return org.apache.iceberg.Files.localOutput(file.toFile());
  }
}
