package dev.tributary.io.file;

import dev.tributary.core.records.Provenance;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A file of one record per non-blank line (CSV, JSON lines): a record is found by its file and line
 * number, and its text is the line.
 */
abstract class LineRows implements RowSource {
  private final Path file;
  private final NumberedLines lines;

  /** The line last read: the record {@link #where()} and {@link #text()} describe. */
  private String line;

  LineRows(Path file, BufferedReader text) {
    this.file = file;
    this.lines = new NumberedLines(text);
  }

  /** The next line, blank or not (a header); null at the end. */
  final String nextAnyLine() throws IOException {
    line = lines.next();
    return line;
  }

  /** The next line that is not blank, the next record's; null at the end. */
  final String nextLine() throws IOException {
    line = lines.nextNonBlank();
    return line;
  }

  @Override
  public final String where() {
    return Provenance.fileLine(file.toString(), lines.number());
  }

  @Override
  public final String text() {
    return line;
  }

  @Override
  public final void close() throws IOException {
    lines.close();
  }
}
