package dev.tributary.flink.sourceinput;

import dev.tributary.core.defs.FileInput;
import dev.tributary.core.defs.Source;
import dev.tributary.core.expr.Expression;
import dev.tributary.core.records.TimestampRange;
import dev.tributary.io.file.EventFileReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A source's files (CSV, JSON lines or Parquet; a folder means its files): the stream's elements
 * are the paths, each read whole by one task. Files cannot be pruned by time: every record is read
 * and the operators drop those out of range.
 */
final class FileSourceInput extends SourceInput<String> {
  private final FileInput input;

  FileSourceInput(Source source, FileInput input) {
    super(source);
    this.input = input;
  }

  @Override
  public DataStream<String> elements(
      StreamExecutionEnvironment env, String name, Expression time, ReadRange range) {
    return env.fromData(paths()).uid("files-" + name).name("files of " + name);
  }

  @Override
  public RecordReader<String> reader() {
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
