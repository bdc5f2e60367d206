package dev.tributary.io.file;

import dev.tributary.core.defs.FileInput;
import dev.tributary.core.defs.Source;
import dev.tributary.core.records.RecordParser;
import dev.tributary.core.records.TimestampRange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The historical events of a source, read from its files: CSV with a header, JSON lines, or
 * Parquet; a {@code .gz} suffix means gzip (CSV and JSON); a folder means every file in it, by
 * name, except hidden ones ({@code .x}, {@code _SUCCESS}). Records stream one at a time, so memory
 * does not grow with the file, and each is validated by the same rules as the Kafka stream.
 * Rejections start with the file and the line (CSV, JSON) or row (Parquet): {@code
 * data/flights.csv.gz line 7: field 'delay': expected long, got "abc"}.
 *
 * <pre>{@code
 * try (EventIterator events = EventFileReader.of(source).open()) {
 *   while (events.hasNext()) {
 *     ParseOutcome outcome = events.next();   // ParsedEvent or RecordRejection
 *   }
 * }
 * }</pre>
 */
public final class EventFileReader {
  private static final int BUFFER_BYTES = 1 << 16;

  private final Source source;
  private final FileInput input;
  private final TimestampRange plausible;

  public EventFileReader(Source source, FileInput input, TimestampRange plausible) {
    this.source = source;
    this.input = input;
    this.plausible = plausible;
    if (!List.of("csv", "json", "parquet").contains(input.format())) {
      throw new IllegalArgumentException(
          "unknown file format '"
              + input.format()
              + "' for "
              + input.path()
              + ": use csv, json or parquet");
    }
  }

  /** The files the source's definition names, with the default plausible timestamps. */
  public static EventFileReader of(Source source) {
    FileInput input =
        source
            .files()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "source '"
                            + source.name()
                            + "' ("
                            + source.at()
                            + ") declares no files: add 'files: {path, format}' or "
                            + "name the files to read"));
    return new EventFileReader(source, input, TimestampRange.DEFAULT);
  }

  public Source source() {
    return source;
  }

  /** The files to read, in reading order. */
  public List<Path> files() {
    Path path = input.path();
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new EventFileException(
          path + ": no such file or folder (files of source '" + source.name() + "')");
    }
    try (Stream<Path> children = Files.list(path)) {
      List<Path> files =
          children
              .filter(Files::isRegularFile)
              .filter(
                  file ->
                      !file.getFileName().toString().startsWith(".")
                          && !file.getFileName().toString().startsWith("_"))
              .sorted()
              .toList();
      if (files.isEmpty()) {
        throw new EventFileException(
            path + ": the folder holds no files (files of source '" + source.name() + "')");
      }
      return files;
    } catch (IOException e) {
      throw new EventFileException(path + ": cannot list the folder: " + e.getMessage(), e);
    }
  }

  /** Every record of every file, in file order; close it to release the open file. */
  public EventIterator open() {
    return new EventIterator(files(), this::open);
  }

  /**
   * The records of row group {@code rowGroup} of Parquet file {@code file} (one of {@link
   * #files()}), rows numbered as in the whole file; close it to release the file.
   */
  public EventIterator openRowGroup(Path file, int rowGroup) {
    if (!input.format().equals("parquet")) {
      throw new IllegalStateException(file + ": only Parquet files have row groups");
    }
    return new EventIterator(
        List.of(file), path -> new ParquetRows(path, source, plausible, rowGroup));
  }

  private RowSource open(Path file) throws IOException {
    return switch (input.format()) {
      case "csv" -> new CsvRows(file, text(file), source, plausible);
      case "json" -> new JsonLines(file, text(file), new RecordParser(source, plausible));
      case "parquet" -> {
        if (isGzip(file)) {
          throw new EventFileException(
              file
                  + ": Parquet files are compressed inside; a gzipped Parquet file cannot "
                  + "be read, gunzip it first");
        }
        yield new ParquetRows(file, source, plausible);
      }
      default -> throw new IllegalStateException(input.format());
    };
  }

  private static BufferedReader text(Path file) throws IOException {
    InputStream bytes = Files.newInputStream(file);
    try {
      InputStream plain = isGzip(file) ? new GZIPInputStream(bytes, BUFFER_BYTES) : bytes;
      return new BufferedReader(new InputStreamReader(plain, StandardCharsets.UTF_8), BUFFER_BYTES);
    } catch (IOException notGzip) {
      bytes.close();
      throw notGzip;
    }
  }

  private static boolean isGzip(Path file) {
    return file.getFileName().toString().endsWith(".gz");
  }
}
