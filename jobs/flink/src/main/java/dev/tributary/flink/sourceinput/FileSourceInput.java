package dev.tributary.flink.sourceinput;

import dev.tributary.core.defs.FileInput;
import dev.tributary.core.defs.Source;
import dev.tributary.core.expr.Expression;
import dev.tributary.core.expr.ShiftedColumn;
import dev.tributary.core.records.TimestampRange;
import dev.tributary.io.file.EventFileReader;
import dev.tributary.io.file.ParquetRowGroups;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A source's files (CSV, JSON lines or Parquet; a folder means its files). CSV and JSON files are
 * read whole, each by one task, every record of them. A Parquet file is read by row groups, in
 * parallel, and when the time a job selects rows by is a column plus a constant ({@link
 * ShiftedColumn}, as {@code date - hours(2)}) the groups whose statistics put that column wholly
 * outside the range are not read ({@link ParquetRowGroups}); the operators drop the rows out of
 * range from the rest.
 */
final class FileSourceInput extends SourceInput<FilePart> {
  private final FileInput input;

  FileSourceInput(Source source, FileInput input) {
    super(source);
    this.input = input;
  }

  @Override
  public DataStream<FilePart> elements(
      StreamExecutionEnvironment env, String name, Expression time, ReadRange range) {
    List<FilePart> parts = new ArrayList<>();
    for (String path : paths()) {
      parts.addAll(parts(path, time, range));
    }
    return env.fromData(parts).uid("files-" + name).name("files of " + name);
  }

  /**
   * What of {@code path} to read: the file, or its row groups that may hold rows of the range (at
   * least one, so that every file is opened and checked).
   */
  private List<FilePart> parts(String path, Expression time, ReadRange range) {
    if (!input.format().equals("parquet") || path.endsWith(".gz")) {
      return List.of(new FilePart(path, FilePart.WHOLE_FILE));
    }
    Optional<ShiftedColumn> shifted =
        ShiftedColumn.of(time).filter(s -> source.schema().indexOf(s.column()).isPresent());
    List<Integer> groups =
        shifted.isPresent()
            ? ParquetRowGroups.overlapping(
                Path.of(path),
                shifted.get().column(),
                shifted.get().columnFrom(range.fromInclusive()),
                shifted.get().columnTo(range.toExclusive()))
            : IntStream.range(0, ParquetRowGroups.count(Path.of(path))).boxed().toList();
    if (groups.isEmpty()) {
      return List.of(new FilePart(path, 0));
    }
    return groups.stream().map(group -> new FilePart(path, group)).toList();
  }

  @Override
  public RecordReader<FilePart> reader() {
    return new FileRecords(source, input.format());
  }

  @Override
  public String kind() {
    return "files";
  }

  @Override
  public String lineage() {
    return String.join(",", paths().stream().map(FileSourceInput::stamp).toList());
  }

  private List<String> paths() {
    return new EventFileReader(source, input, TimestampRange.DEFAULT)
        .files().stream().map(Path::toString).toList();
  }

  private static String stamp(String path) {
    try {
      return path
          + " ("
          + Files.size(Path.of(path))
          + " bytes, modified "
          + Files.getLastModifiedTime(Path.of(path))
          + ")";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + path + ": " + e.getMessage(), e);
    }
  }
}
