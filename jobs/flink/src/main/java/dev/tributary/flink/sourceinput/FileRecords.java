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
 * The records of one file of a source, or of one row group of a Parquet file ({@link FilePart}),
 * read by the same reader as every job.
 */
final class FileRecords implements RecordReader<FilePart> {
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
  public void read(FilePart part, BiConsumer<ParseOutcome, RecordOrigin> records) {
    Path path = Path.of(part.path());
    EventFileReader reader =
        new EventFileReader(source, new FileInput(path, format), TimestampRange.DEFAULT);
    try (EventIterator file =
        part.rowGroup() == FilePart.WHOLE_FILE
            ? reader.open()
            : reader.openRowGroup(path, part.rowGroup())) {
      while (file.hasNext()) {
        // the iterator says where the record it returned was found until it reads on
        records.accept(file.next(), file);
      }
    }
  }
}
