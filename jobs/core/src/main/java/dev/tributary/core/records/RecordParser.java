package dev.tributary.core.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.tributary.core.defs.Source;
import dev.tributary.core.types.Column;
import dev.tributary.core.types.RowSchema;
import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;

/**
 * One JSON object per record (a Kafka message, a line of a JSON-lines file) to a validated row of a
 * source, or a rejection naming the field: {@code field 'delay': expected long, got "abc"}.
 *
 * <p>Fields are matched to columns by exact name; fields the schema does not declare are ignored,
 * so producers can add fields before the definitions use them. Numbers are coerced by {@link
 * TextCoercion} from their original text, so JSON and CSV accept the same numbers; a string is
 * never accepted for a number or a boolean, nor a number for a string. A timestamp accepts a number
 * of epoch milliseconds or an ISO-8601 string. {@code NaN} and {@code Infinity} literals are read
 * (Jackson allows them on request) only to be rejected with a clear reason instead of "bad JSON".
 *
 * <p>Serializable, so a Flink operator can hold one as a field, and thread-safe (it keeps no state
 * between records). It uses Jackson's streaming parser, not a tree, so a record costs one pass and
 * no intermediate objects: about a million flights records a second on one core.
 */
public final class RecordParser implements Serializable {
  private static final long serialVersionUID = 1L;

  private final RowSchema schema;
  private final RowValidator validator;
  private final HashMap<String, Integer> columnIndex = new HashMap<>();
  private final JsonFactory json =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  /** A parser accepting timestamps in {@link TimestampRange#DEFAULT}. */
  public RecordParser(Source source) {
    this(source, TimestampRange.DEFAULT);
  }

  public RecordParser(Source source, TimestampRange plausible) {
    this.schema = source.schema();
    this.validator = new RowValidator(source, plausible);
    for (int i = 0; i < schema.size(); i++) {
      columnIndex.put(schema.column(i).name(), i);
    }
  }

  public RowSchema schema() {
    return schema;
  }

  /** Parses UTF-8 bytes, as a Kafka record value holds them, without decoding to a String first. */
  public ParseOutcome parse(byte[] utf8) {
    try (JsonParser parser = json.createParser(utf8)) {
      return parse(parser);
    } catch (IOException e) {
      return badJson(e);
    }
  }

  public ParseOutcome parse(String text) {
    try (JsonParser parser = json.createParser(text)) {
      return parse(parser);
    } catch (IOException e) {
      return badJson(e);
    }
  }

  private ParseOutcome parse(JsonParser parser) throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      return new RecordRejection("empty record: expected a JSON object");
    }
    if (first != JsonToken.START_OBJECT) {
      return new RecordRejection(
          "expected a JSON object, got " + describe(parser, first), "expected a JSON object");
    }
    Object[] row = new Object[schema.size()];
    boolean[] seen = new boolean[schema.size()];
    for (JsonToken token = parser.nextToken();
        token == JsonToken.FIELD_NAME;
        token = parser.nextToken()) {
      Integer index = columnIndex.get(parser.currentName());
      JsonToken value = parser.nextToken();
      if (index == null) {
        parser.skipChildren();
        continue;
      }
      Column column = schema.column(index);
      if (seen[index]) {
        return RecordRejection.field(column.name(), "appears more than once");
      }
      seen[index] = true;
      try {
        row[index] = value(parser, value, column);
      } catch (ValueProblem problem) {
        return RecordRejection.field(column.name(), problem);
      }
    }
    JsonToken after = parser.nextToken();
    if (after != null) {
      return new RecordRejection(
          "content after the JSON object: " + describe(parser, after),
          "content after the JSON object");
    }
    for (int i = 0; i < row.length; i++) {
      if (!seen[i]) {
        return RecordRejection.field(schema.column(i).name(), "missing");
      }
      if (row[i] == null) {
        return RecordRejection.field(schema.column(i).name(), "missing (null)");
      }
    }
    return validator.validate(row);
  }

  /** The column's value, or null for a JSON null. */
  private static Object value(JsonParser parser, JsonToken token, Column column)
      throws IOException, ValueProblem {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    boolean fits =
        switch (column.type()) {
          case LONG, DOUBLE -> token.isNumeric();
          case TIMESTAMP -> token.isNumeric() || token == JsonToken.VALUE_STRING;
          case BOOLEAN -> token.isBoolean();
          case STRING -> token == JsonToken.VALUE_STRING;
        };
    if (!fits) {
      throw new ValueProblem(
          "expected " + column.type().yamlName() + ", got " + describe(parser, token),
          "expected " + column.type().yamlName());
    }
    return switch (column.type()) {
      case BOOLEAN -> token == JsonToken.VALUE_TRUE;
      case STRING -> parser.getText();
      case LONG, DOUBLE, TIMESTAMP -> TextCoercion.coerce(parser.getText(), column.type());
    };
  }

  /** A token as a reason shows it: strings quoted and cut short, structures by their kind only. */
  private static String describe(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> Quoted.of(parser.getText());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL ->
          parser.getText();
      default -> token.toString();
    };
  }

  private static RecordRejection badJson(IOException e) {
    String message =
        e instanceof JsonProcessingException processing
            ? processing.getOriginalMessage()
            : e.getMessage();
    String where =
        e instanceof JsonProcessingException processing && processing.getLocation() != null
            ? " (line "
                + processing.getLocation().getLineNr()
                + ", column "
                + processing.getLocation().getColumnNr()
                + ")"
            : "";
    return new RecordRejection(
        "not valid JSON" + where + ": " + firstLine(message), "not valid JSON");
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
