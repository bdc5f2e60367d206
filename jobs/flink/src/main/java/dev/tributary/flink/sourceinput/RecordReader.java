package dev.tributary.flink.sourceinput;

import dev.tributary.core.records.ParseOutcome;
import java.io.Serializable;
import java.util.function.Consumer;

/**
 * Turns one element of a batch input into the source's records: a file path into every record of
 * the file ({@link FileRecords}), an Iceberg row into one record ({@link TableRecords}). Either way
 * the records have passed the core's validation, so what follows a reader never knows where the
 * events came from.
 *
 * @param <T> the element: a path, or a table row
 */
public interface RecordReader<T> extends Serializable {

  /** Hands every record of {@code element} to {@code records}, good ones and rejections alike. */
  void read(T element, Consumer<ParseOutcome> records);
}
