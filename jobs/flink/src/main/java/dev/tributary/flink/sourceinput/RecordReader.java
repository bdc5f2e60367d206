package dev.tributary.flink.sourceinput;

import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.RecordOrigin;
import java.io.Serializable;
import java.util.function.BiConsumer;

/**
 * Turns one element of a batch input into the source's records: a file path into every record of
 * the file ({@link FileRecords}), an Iceberg row into one record ({@link TableRecords}). Either way
 * the records have passed the core's validation, so what follows a reader never knows where the
 * events came from.
 *
 * @param <T> the element: a path, or a table row
 */
public interface RecordReader<T> extends Serializable {

  /**
   * Hands every record of {@code element} to {@code records}, good ones and rejections alike, each
   * with where it was found, for a good record that the job cannot use after all (a rejection says
   * where already). The origin answers only during the call.
   */
  void read(T element, BiConsumer<ParseOutcome, RecordOrigin> records);
}
