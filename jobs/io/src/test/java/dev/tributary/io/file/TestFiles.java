package dev.tributary.io.file;

import dev.tributary.core.records.RowEncoder;
import dev.tributary.core.records.TimestampText;
import dev.tributary.core.types.RowSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes rows of the all-types schema as CSV, JSON lines and Parquet, written independently of the
 * readers.
 */
final class TestFiles {
  private TestFiles() {}

  static Writer text(Path file) throws IOException {
    OutputStream out = Files.newOutputStream(file);
    return new OutputStreamWriter(
        file.toString().endsWith(".gz") ? new GZIPOutputStream(out) : out, StandardCharsets.UTF_8);
  }

  static void csv(Path file, String header, List<Object[]> rows) throws IOException {
    try (Writer out = text(file)) {
      out.write(header + "\n");
      for (Object[] row : rows) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
          line.append(i == 0 ? "" : ",");
          Object value = row[i];
          if (value instanceof Long millis && i == 0) {
            line.append(TimestampText.format(millis).replace("Z", ""));
          } else if (value instanceof String text
              && (text.contains(",") || text.contains("\"") || text.isEmpty())) {
            line.append('"').append(text.replace("\"", "\"\"")).append('"');
          } else {
            line.append(value);
          }
        }
        out.write(line.append("\r\n").toString());
      }
    }
  }

  static void jsonLines(Path file, RowSchema schema, List<Object[]> rows) throws IOException {
    RowEncoder encoder = new RowEncoder(schema);
    try (Writer out = text(file)) {
      for (Object[] row : rows) {
        out.write(encoder.encode(row) + "\n");
      }
    }
  }

  /**
   * @param dateType the Parquet declaration of the date column, e.g. {@code int64 date
   *     (TIMESTAMP(MICROS,false))}
   * @param date the date column's value as that type stores it
   */
  static void parquet(Path file, String dateType, DateEncoding date, List<Object[]> rows)
      throws IOException {
    MessageType schema =
        MessageTypeParser.parseMessageType(
            "message events { optional "
                + dateType
                + "; "
                + "optional int64 delay; optional double ratio; optional binary origin (STRING); optional boolean cancelled; "
                + "optional binary ignored (STRING); }");
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(file))
            .withType(schema)
            .withRowGroupSize(4096L)
            .build()) {
      for (Object[] row : rows) {
        Group group = groups.newGroup();
        if (row[0] != null) {
          date.append(group, (Long) row[0]);
        }
        if (row[1] != null) {
          group.append("delay", (Long) row[1]);
        }
        if (row[2] != null) {
          group.append("ratio", (Double) row[2]);
        }
        if (row[3] != null) {
          group.append("origin", (String) row[3]);
        }
        if (row[4] != null) {
          group.append("cancelled", (Boolean) row[4]);
        }
        group.append("ignored", "x");
        writer.write(group);
      }
    }
  }

  /** How a test stores an epoch-millisecond date in a Parquet group. */
  interface DateEncoding {
    void append(Group group, long millis);
  }
}
