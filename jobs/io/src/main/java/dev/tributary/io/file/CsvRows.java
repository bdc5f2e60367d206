package dev.tributary.io.file;

import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.Provenance;
import dev.tributary.core.records.RecordRejection;
import dev.tributary.core.records.TextRowParser;
import dev.tributary.core.records.TimestampRange;
import dev.tributary.core.types.RowSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A CSV file with a header line. Columns are matched to the schema by header name, so their order
 * is free and extra columns are ignored; a declared column missing from the header makes the whole
 * file unreadable. Blank lines are skipped. Every other line is one record.
 */
final class CsvRows implements RowSource {
  private final Path file;
  private final NumberedLines lines;
  private final TextRowParser parser;
  private final int[] positions;
  private final int width;

  CsvRows(Path file, BufferedReader lines, Source source, TimestampRange plausible)
      throws IOException {
    this.file = file;
    this.lines = new NumberedLines(lines);
    this.parser = new TextRowParser(source, plausible);
    String header = this.lines.next();
    if (header == null) {
      throw new EventFileException(
          file
              + ": empty file, expected a header line naming the columns "
              + names(source.schema()));
    }
    if (header.startsWith("\uFEFF")) {
      header = header.substring(1);
    }
    List<String> names;
    try {
      names = CsvLine.split(header);
    } catch (CsvLine.MalformedLine malformed) {
      throw new EventFileException(file + " line 1: header is not CSV: " + malformed.getMessage());
    }
    width = names.size();
    RowSchema schema = source.schema();
    positions = new int[schema.size()];
    for (int i = 0; i < schema.size(); i++) {
      String name = schema.column(i).name();
      positions[i] = names.indexOf(name);
      if (positions[i] < 0) {
        throw new EventFileException(
            file
                + " line 1: the header has no column '"
                + name
                + "' of source '"
                + source.name()
                + "' (header: "
                + header
                + "; expected "
                + names(schema)
                + ")");
      }
      if (names.lastIndexOf(name) != positions[i]) {
        throw new EventFileException(
            file + " line 1: the header names column '" + name + "' twice");
      }
    }
  }

  @Override
  public ParseOutcome next() throws IOException {
    String line = lines.nextNonBlank();
    if (line == null) {
      return null;
    }
    List<String> fields;
    try {
      fields = CsvLine.split(line);
    } catch (CsvLine.MalformedLine malformed) {
      return new RecordRejection(malformed.getMessage()).at(where(), line);
    }
    if (fields.size() != width) {
      return new RecordRejection(
              "expected " + width + " fields as in the header, got " + fields.size())
          .at(where(), line);
    }
    String[] values = new String[positions.length];
    for (int i = 0; i < positions.length; i++) {
      values[i] = fields.get(positions[i]);
    }
    ParseOutcome outcome = parser.parse(values);
    return outcome instanceof RecordRejection rejection ? rejection.at(where(), line) : outcome;
  }

  private String where() {
    return Provenance.fileLine(file.toString(), lines.number());
  }

  private static String names(RowSchema schema) {
    return String.join(",", schema.columns().stream().map(c -> c.name()).toList());
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
