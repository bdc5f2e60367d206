package dev.tributary.io.replay;

import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.types.RowSchema;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A sorted run of events on local disk, in a compact binary form: the event time, then each value
 * in its column's fixed encoding (8-byte longs and doubles, one byte for a boolean, length-prefixed
 * UTF-8 for a string). A flight takes 46 bytes, against about 100 as JSON and 200 as Java objects.
 * Values are never null here: every event passed the {@code RowValidator}.
 */
final class SpillFile {
  private static final int BUFFER_BYTES = 1 << 16;

  private SpillFile() {}

  static void write(Path file, RowSchema schema, List<ParsedEvent> events) throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER_BYTES))) {
      for (ParsedEvent event : events) {
        out.writeLong(event.eventTime());
        Object[] row = event.row();
        for (int i = 0; i < row.length; i++) {
          switch (schema.column(i).type()) {
            case LONG, TIMESTAMP -> out.writeLong((Long) row[i]);
            case DOUBLE -> out.writeDouble((Double) row[i]);
            case BOOLEAN -> out.writeBoolean((Boolean) row[i]);
            case STRING -> {
              byte[] utf8 = ((String) row[i]).getBytes(StandardCharsets.UTF_8);
              out.writeInt(utf8.length);
              out.write(utf8);
            }
          }
        }
      }
    }
  }

  /** Reads a run back in the order it was written. */
  static final class Reader implements Closeable {
    private final RowSchema schema;
    private final DataInputStream in;

    Reader(Path file, RowSchema schema) throws IOException {
      this.schema = schema;
      this.in =
          new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES));
    }

    /** The next event, or null at the end of the run. */
    ParsedEvent next() throws IOException {
      long eventTime;
      try {
        eventTime = in.readLong();
      } catch (EOFException end) {
        return null;
      }
      Object[] row = new Object[schema.size()];
      for (int i = 0; i < row.length; i++) {
        row[i] =
            switch (schema.column(i).type()) {
              case LONG, TIMESTAMP -> in.readLong();
              case DOUBLE -> in.readDouble();
              case BOOLEAN -> in.readBoolean();
              case STRING -> {
                byte[] utf8 = new byte[in.readInt()];
                in.readFully(utf8);
                yield new String(utf8, StandardCharsets.UTF_8);
              }
            };
      }
      return new ParsedEvent(row, eventTime);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
