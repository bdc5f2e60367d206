package dev.tributary.core.online;

import dev.tributary.core.types.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of one feature value in a Redis hash field, as short as it can be while decoding back to
 * exactly the same value.
 *
 * <ul>
 *   <li>{@code BOOLEAN}: {@code 1} or {@code 0}.
 *   <li>{@code LONG}, {@code TIMESTAMP}: the decimal number. Redis stores integer-looking hash
 *       values of small hashes (listpack encoding) as integers, so these cost 1-9 bytes in memory.
 *   <li>{@code DOUBLE}: the digits of {@link Double#toString} (exactly the digits needed to tell
 *       the double apart from its neighbours, so parsing gives back the same bits, -0.0 and
 *       subnormals included) without the redundant {@code .0}, and with {@code e} for the exponent:
 *       {@code 2}, {@code -0}, {@code 0.1}, {@code 1.5e-7}, {@code 4.9e-324}.
 *   <li>{@code STRING}: the string itself (Redis values are binary safe).
 *   <li>lists ({@code last_n}): the elements' texts joined with {@code ,}; inside an element {@code
 *       ,} and {@code \} are escaped with {@code \}; a null element is {@code \0} and an empty
 *       string element is {@code \e}, so every element has at least one character and the empty
 *       list is the empty text. Numbers never contain {@code ,}, so numeric lists read as plain
 *       {@code 12,-3,40}.
 * </ul>
 *
 * A null feature value has no text at all: its field is absent from the hash.
 */
final class CompactValueText {
  private static final char SEPARATOR = ',';
  private static final char ESCAPE = '\\';
  private static final String NULL_ELEMENT = "\\0";
  private static final String EMPTY_ELEMENT = "\\e";

  private CompactValueText() {}

  static String encode(ValueType type, Object value) {
    return switch (type) {
      case BOOLEAN -> ((Boolean) value) ? "1" : "0";
      case LONG, TIMESTAMP -> Long.toString((Long) value);
      case DOUBLE -> encodeDouble((Double) value);
      case STRING -> (String) value;
    };
  }

  /**
   * @throws IllegalArgumentException when the text is not a value of the type
   */
  static Object decode(ValueType type, String text) {
    try {
      return switch (type) {
        case BOOLEAN -> decodeBoolean(text);
        case LONG, TIMESTAMP -> Long.parseLong(text);
        case DOUBLE -> Double.parseDouble(text);
        case STRING -> text;
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a " + type.yamlName(), e);
    }
  }

  static String encodeList(ValueType elementType, List<?> values) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        text.append(SEPARATOR);
      }
      Object value = values.get(i);
      if (value == null) {
        text.append(NULL_ELEMENT);
        continue;
      }
      String element = encode(elementType, value);
      if (element.isEmpty()) {
        text.append(EMPTY_ELEMENT);
        continue;
      }
      for (int c = 0; c < element.length(); c++) {
        char ch = element.charAt(c);
        if (ch == SEPARATOR || ch == ESCAPE) {
          text.append(ESCAPE);
        }
        text.append(ch);
      }
    }
    return text.toString();
  }

  /**
   * @throws IllegalArgumentException when the text is not a list of values of the type
   */
  static List<Object> decodeList(ValueType elementType, String text) {
    List<Object> values = new ArrayList<>();
    if (text.isEmpty()) {
      return values;
    }
    StringBuilder element = new StringBuilder();
    String marker = null;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == SEPARATOR) {
        values.add(element(elementType, element, marker, text));
        element.setLength(0);
        marker = null;
      } else if (ch == ESCAPE) {
        if (i + 1 == text.length()) {
          throw new IllegalArgumentException("list text '" + text + "' ends in a lone escape");
        }
        char next = text.charAt(++i);
        if (next == '0' || next == 'e') {
          if (element.length() > 0 || marker != null) {
            throw new IllegalArgumentException(
                "list text '" + text + "' has \\" + next + " inside an element");
          }
          marker = "\\" + next;
        } else {
          element.append(next);
        }
      } else {
        element.append(ch);
      }
    }
    values.add(element(elementType, element, marker, text));
    return values;
  }

  private static Object element(ValueType type, StringBuilder element, String marker, String list) {
    if (marker != null) {
      if (element.length() > 0) {
        throw new IllegalArgumentException(
            "list text '" + list + "' has " + marker + " inside an element");
      }
      return marker.equals(NULL_ELEMENT) ? null : decode(type, "");
    }
    if (element.length() == 0) {
      throw new IllegalArgumentException("list text '" + list + "' has an empty element");
    }
    return decode(type, element.toString());
  }

  /**
   * {@link Double#toString} prints exactly enough digits to identify the double (on JDK 19 and
   * later the shortest such digits; on JDK 17 occasionally one more), so parsing it gives the same
   * bits. Only its fixed decorations are removed: {@code 2.0} becomes {@code 2}, {@code 1.0E-5}
   * becomes {@code 1e-5}.
   */
  private static String encodeDouble(double value) {
    String text = Double.toString(value);
    int exponent = text.indexOf('E');
    String mantissa = exponent < 0 ? text : text.substring(0, exponent);
    if (mantissa.endsWith(".0")) {
      mantissa = mantissa.substring(0, mantissa.length() - 2);
    }
    return exponent < 0 ? mantissa : mantissa + "e" + text.substring(exponent + 1);
  }

  private static Boolean decodeBoolean(String text) {
    return switch (text) {
      case "1" -> Boolean.TRUE;
      case "0" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException("'" + text + "' is not a boolean (1 or 0)");
    };
  }
}
