package dev.tributary.io.file;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;

/**
 * The lines of a text file with the 1-based number of the last one read, so every rejection of a
 * line-based format can say where it is. Blank lines are skipped by {@link #nextNonBlank()}.
 */
final class NumberedLines implements Closeable {
  private final BufferedReader lines;
  private long number;

  NumberedLines(BufferedReader lines) {
    this.lines = lines;
  }

  /** The next line, blank or not; null at the end. */
  String next() throws IOException {
    String line = lines.readLine();
    number++;
    return line;
  }

  /** The next line that is not blank; null at the end. */
  String nextNonBlank() throws IOException {
    String line;
    do {
      line = next();
    } while (line != null && line.isBlank());
    return line;
  }

  /** The number of the line last read, from 1. */
  long number() {
    return number;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
