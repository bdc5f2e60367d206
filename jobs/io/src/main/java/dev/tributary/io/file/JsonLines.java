package dev.tributary.io.file;

import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.RecordParser;
import dev.tributary.core.records.RecordRejection;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A JSON-lines file: one JSON object per line, parsed exactly as a Kafka record value is, so a
 * topic dumped to a file reads back to the same events. Blank lines are skipped.
 */
final class JsonLines implements RowSource {
  private final Path file;
  private final BufferedReader lines;
  private final RecordParser parser;
  private long lineNumber;

  JsonLines(Path file, BufferedReader lines, RecordParser parser) {
    this.file = file;
    this.lines = lines;
    this.parser = parser;
  }

  @Override
  public ParseOutcome next() throws IOException {
    String line;
    do {
      line = lines.readLine();
      lineNumber++;
      if (line == null) {
        return null;
      }
    } while (line.isBlank());
    ParseOutcome outcome = parser.parse(line);
    return outcome instanceof RecordRejection rejection
        ? rejection.at(file + " line " + lineNumber)
        : outcome;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
