package dev.tributary.core.records;

import dev.tributary.core.types.ValueType;
import java.math.BigDecimal;

/**
 * Text to a column's Java value: every CSV field, and the number and timestamp tokens of JSON
 * (whose original text is handed over, so both formats coerce numbers by the same rules).
 *
 * <p>Rules: a long accepts any number whose value is an exact integer in range ({@code 12}, {@code
 * -3}, {@code 12.0}, {@code 1e3}), never a fraction; a double accepts decimal and exponent notation
 * ({@code NaN} and {@code Infinity} are parsed here and rejected by {@link RowValidator}); a
 * boolean accepts {@code true} or {@code false} in any case; a timestamp accepts what {@link
 * TimestampText} accepts; a string takes the text as it is. Leading or trailing blanks are never
 * stripped: {@code " 12"} is not a long.
 */
final class TextCoercion {

  private TextCoercion() {}

  static Object coerce(String text, ValueType type) throws ValueProblem {
    return switch (type) {
      case STRING -> text;
      case LONG -> toLong(text);
      case DOUBLE -> toDouble(text);
      case BOOLEAN -> toBoolean(text);
      case TIMESTAMP -> toTimestamp(text);
    };
  }

  private static Long toLong(String text) throws ValueProblem {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException notPlain) {
      BigDecimal value = decimal(text, ValueType.LONG);
      if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
        throw new ValueProblem(
            "expected long, got " + text + " (it has a fractional part)",
            "expected long, got a fraction");
      }
      try {
        return value.longValueExact();
      } catch (ArithmeticException outOfRange) {
        throw new ValueProblem(text + " is out of range for long", "out of range for long");
      }
    }
  }

  private static Double toDouble(String text) throws ValueProblem {
    switch (text) {
      case "NaN":
        return Double.NaN;
      case "Infinity", "+Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        decimal(text, ValueType.DOUBLE);
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
          throw new ValueProblem(text + " is out of range for double", "out of range for double");
        }
        return value;
    }
  }

  private static Boolean toBoolean(String text) throws ValueProblem {
    if (text.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (text.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    throw new ValueProblem("expected boolean, got " + Quoted.of(text), "expected boolean");
  }

  private static Long toTimestamp(String text) throws ValueProblem {
    try {
      return TimestampText.parse(text);
    } catch (IllegalArgumentException notATimestamp) {
      throw new ValueProblem(notATimestamp.getMessage(), "expected a timestamp");
    }
  }

  /**
   * The text as an exact decimal, checked against the plain decimal grammar first: Java's own
   * number parsers also accept {@code 0x1p3}, {@code 1.5d} and surrounding blanks, which are not
   * numbers in CSV or JSON.
   */
  private static BigDecimal decimal(String text, ValueType expected) throws ValueProblem {
    boolean digits = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digits = true;
      } else if (c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E') {
        digits = false;
        break;
      }
    }
    if (digits) {
      try {
        return new BigDecimal(text);
      } catch (NumberFormatException malformed) {
        // falls through to the type error below
      }
    }
    throw new ValueProblem(
        "expected " + expected.yamlName() + ", got " + Quoted.of(text),
        "expected " + expected.yamlName());
  }
}
