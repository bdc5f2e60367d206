package dev.tributary.flink.sourceinput;

import dev.tributary.core.defs.FileInput;
import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.RecordOrigin;
import dev.tributary.core.records.TimestampRange;
import dev.tributary.io.file.EventFileReader;
import dev.tributary.io.file.EventIterator;
import java.nio.file.Path;
import java.util.function.BiConsumer;

/**
 * The records of one file of a source (the element is its path), read by the same reader as every
 * job.
 */
final class FileRecords implements RecordReader<String> {
  private static final long serialVersionUID = 1L;

  private final Source source;
  private final String format;

  /**
   * @param format csv, json or parquet: how the files are written
   */
  FileRecords(Source source, String format) {
    this.source = source;
    this.format = format;
  }

  @Override
  public void read(String path, BiConsumer<ParseOutcome, RecordOrigin> records) {
    FileInput input = new FileInput(Path.of(path), format);
    try (EventIterator file = new EventFileReader(source, input, TimestampRange.DEFAULT).open()) {
      while (file.hasNext()) {
        // the iterator says where the record it returned was found until it reads on
        records.accept(file.next(), file);
      }
    }
  }
}
