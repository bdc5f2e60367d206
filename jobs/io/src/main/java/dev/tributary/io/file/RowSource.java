package dev.tributary.io.file;

import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.RecordOrigin;
import java.io.Closeable;
import java.io.IOException;

/**
 * The records of one file, one at a time, each already parsed and validated. As a {@link
 * RecordOrigin} it says where the record last returned by {@link #next()} was found.
 */
interface RowSource extends Closeable, RecordOrigin {

  /** The next record's outcome, or null after the last one. */
  ParseOutcome next() throws IOException;
}
