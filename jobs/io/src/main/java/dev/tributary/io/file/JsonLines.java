package dev.tributary.io.file;

import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.Provenance;
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
  private final NumberedLines lines;
  private final RecordParser parser;

  JsonLines(Path file, BufferedReader lines, RecordParser parser) {
    this.file = file;
    this.lines = new NumberedLines(lines);
    this.parser = parser;
  }

  @Override
  public ParseOutcome next() throws IOException {
    String line = lines.nextNonBlank();
    if (line == null) {
      return null;
    }
    ParseOutcome outcome = parser.parse(line);
    return outcome instanceof RecordRejection rejection
        ? rejection.at(Provenance.fileLine(file.toString(), lines.number()), line)
        : outcome;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
