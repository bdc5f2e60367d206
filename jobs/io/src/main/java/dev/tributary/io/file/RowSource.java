package dev.tributary.io.file;

import dev.tributary.core.records.ParseOutcome;
import java.io.Closeable;
import java.io.IOException;

/** The records of one file, one at a time, each already parsed and validated. */
interface RowSource extends Closeable {

  /** The next record's outcome, or null after the last one. */
  ParseOutcome next() throws IOException;
}
