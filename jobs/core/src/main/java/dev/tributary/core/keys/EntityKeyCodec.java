package dev.tributary.core.keys;

import dev.tributary.core.types.Column;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes an entity's key values as one string, and back: the Redis key suffix, the Flink key, the
 * routing input.
 *
 * <p>Values are joined with {@code |}; {@code \} and {@code |} inside a value are escaped with
 * {@code \}, and a null value is written {@code \0}, so every list of values has exactly one
 * encoding and decoding gives the list back (route {@code A|B, C} and {@code A, B|C} stay apart).
 */
public final class EntityKeyCodec {
  private static final char SEPARATOR = '|';
  private static final char ESCAPE = '\\';
  private static final String NULL = "\\0";

  private EntityKeyCodec() {}

  public static String encode(List<?> values) {
    if (values.size() == 1 && values.get(0) instanceof String only && needsNoEscape(only)) {
      return only; // most entities have one string key: their encoding is the value itself
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        text.append(SEPARATOR);
      }
      Object value = values.get(i);
      if (value == null) {
        text.append(NULL);
        continue;
      }
      String raw = String.valueOf(value);
      for (int c = 0; c < raw.length(); c++) {
        char ch = raw.charAt(c);
        if (ch == SEPARATOR || ch == ESCAPE) {
          text.append(ESCAPE);
        }
        text.append(ch);
      }
    }
    return text.toString();
  }

  private static boolean needsNoEscape(String value) {
    return value.indexOf(SEPARATOR) < 0 && value.indexOf(ESCAPE) < 0;
  }

  /** The key values as strings (null for a null value), in key order. */
  public static List<String> decode(String encoded) {
    List<String> values = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean isNull = false;
    for (int i = 0; i < encoded.length(); i++) {
      char ch = encoded.charAt(i);
      if (ch == ESCAPE && i + 1 < encoded.length()) {
        char next = encoded.charAt(++i);
        if (next == '0') {
          isNull = true;
        } else {
          current.append(next);
        }
      } else if (ch == SEPARATOR) {
        values.add(isNull ? null : current.toString());
        current.setLength(0);
        isNull = false;
      } else {
        current.append(ch);
      }
    }
    values.add(isNull ? null : current.toString());
    return values;
  }

  /** The key values typed as the entity declares them, e.g. a long key back to a {@code Long}. */
  public static List<Object> decode(String encoded, List<Column> keys) {
    List<String> texts = decode(encoded);
    if (texts.size() != keys.size()) {
      throw new IllegalArgumentException(
          "entity key '" + encoded + "' has " + texts.size() + " parts, expected " + keys.size());
    }
    List<Object> values = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      switch (keys.get(i).type()) {
        case LONG:
        case TIMESTAMP:
          values.add(text == null ? null : Long.valueOf(text));
          break;
        case DOUBLE:
          values.add(text == null ? null : Double.valueOf(text));
          break;
        case BOOLEAN:
          values.add(text == null ? null : Boolean.valueOf(text));
          break;
        default:
          values.add(text);
      }
    }
    return values;
  }
}
