package dev.tributary.core.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.core.types.RowSchema;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * A row as the JSON object {@link RecordParser} reads back to the same row: what {@code tributary
 * replay} publishes to Kafka.
 *
 * <p>Fields in schema order; longs and doubles as JSON numbers (doubles in Java's shortest exact
 * form, so they read back bit for bit); timestamps as ISO-8601 UTC text such as {@code
 * "2001-01-01T00:01:00Z"}, readable in a console consumer and unambiguous about the unit.
 */
public final class RowEncoder implements Serializable {
  private static final long serialVersionUID = 1L;

  private final RowSchema schema;
  private final JsonFactory json = new JsonFactory();

  public RowEncoder(RowSchema schema) {
    this.schema = schema;
  }

  public String encode(Object[] row) {
    StringWriter out = new StringWriter(16 * row.length + 16);
    try (JsonGenerator generator = json.createGenerator(out)) {
      generator.writeStartObject();
      for (int i = 0; i < row.length; i++) {
        generator.writeFieldName(schema.column(i).name());
        write(generator, i, row[i]);
      }
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen writing to a StringWriter", e);
    }
    return out.toString();
  }

  private void write(JsonGenerator generator, int column, Object value) throws IOException {
    if (value == null) {
      generator.writeNull();
      return;
    }
    switch (schema.column(column).type()) {
      case BOOLEAN -> generator.writeBoolean((Boolean) value);
      case LONG -> generator.writeNumber((Long) value);
      case DOUBLE -> generator.writeNumber((Double) value);
      case STRING -> generator.writeString((String) value);
      case TIMESTAMP -> generator.writeString(TimestampText.format((Long) value));
    }
  }
}
