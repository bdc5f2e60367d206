package dev.tributary.io.file;

import java.util.ArrayList;
import java.util.List;

/**
 * One CSV line split into fields, RFC 4180 style: comma separated, a field in double quotes may
 * hold commas and doubled quotes ({@code ""}). An unquoted empty field is absent (null) and a
 * quoted empty one is the empty string, as PostgreSQL's {@code COPY} distinguishes them. A quoted
 * field cannot span lines: records are lines, so one bad line never swallows the rest of the file.
 */
final class CsvLine {

  private CsvLine() {}

  /**
   * The fields of {@code line}; a problem is thrown as {@link MalformedLine} with what was wrong.
   */
  static List<String> split(String line) throws MalformedLine {
    List<String> fields = new ArrayList<>();
    int i = 0;
    while (true) {
      if (i < line.length() && line.charAt(i) == '"') {
        StringBuilder field = new StringBuilder();
        int j = i + 1;
        while (true) {
          if (j >= line.length()) {
            throw new MalformedLine(
                "field " + (fields.size() + 1) + " opens a quote that is not closed on this line");
          }
          char c = line.charAt(j);
          if (c == '"') {
            if (j + 1 < line.length() && line.charAt(j + 1) == '"') {
              field.append('"');
              j += 2;
              continue;
            }
            break;
          }
          field.append(c);
          j++;
        }
        fields.add(field.toString());
        i = j + 1;
        if (i < line.length() && line.charAt(i) != ',') {
          throw new MalformedLine("field " + fields.size() + " has text after its closing quote");
        }
      } else {
        int comma = line.indexOf(',', i);
        int end = comma < 0 ? line.length() : comma;
        int quote = line.indexOf('"', i);
        if (quote >= 0 && quote < end) {
          throw new MalformedLine(
              "field " + (fields.size() + 1) + " has a quote inside an unquoted value");
        }
        fields.add(end == i ? null : line.substring(i, end));
        i = end;
      }
      if (i >= line.length()) {
        return fields;
      }
      i++;
    }
  }

  /** A line that is not CSV; no stack trace, it is data. */
  static final class MalformedLine extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedLine(String problem) {
      super(problem, null, false, false);
    }
  }
}
