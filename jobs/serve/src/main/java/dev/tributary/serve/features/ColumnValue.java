package dev.tributary.serve.features;

import dev.tributary.core.records.TimestampText;
import dev.tributary.core.types.Column;
import dev.tributary.serve.BadRequestException;

/**
 * A wire value as a column's Java value ({@link dev.tributary.core.types.ValueType}): strings for
 * strings, whole numbers for longs, any number for doubles, booleans for booleans, epoch
 * milliseconds or ISO-8601 text for timestamps. Nothing is guessed: {@code 12} is not the string
 * {@code "12"}, so a wrong type is a 400 naming the field instead of a silent {@code NOT_FOUND}.
 */
public final class ColumnValue {
  private ColumnValue() {}

  /**
   * @param field the value's place in the request, e.g. {@code entities.origin[3]}
   */
  public static Object of(Object value, Column column, String field) {
    if (value == null) {
      return null;
    }
    Object typed =
        switch (column.type()) {
          case STRING -> value instanceof String ? value : null;
          case LONG -> value instanceof Long ? value : null;
          case DOUBLE -> value instanceof Number n ? n.doubleValue() : null;
          case BOOLEAN -> value instanceof Boolean ? value : null;
          case TIMESTAMP -> timestamp(value, field);
        };
    if (typed == null) {
      throw new BadRequestException(
          field
              + ": expected "
              + column.type().yamlName()
              + " for '"
              + column.name()
              + "', got "
              + describe(value));
    }
    return typed;
  }

  private static Object timestamp(Object value, String field) {
    if (value instanceof Long) {
      return value;
    }
    if (value instanceof String text) {
      try {
        return TimestampText.parse(text);
      } catch (IllegalArgumentException bad) {
        throw new BadRequestException(field + ": " + bad.getMessage());
      }
    }
    return null;
  }

  static String describe(Object value) {
    return value instanceof String text
        ? "\"" + text + "\" (a string)"
        : value + " (a " + kind(value) + ")";
  }

  private static String kind(Object value) {
    if (value instanceof Long) {
      return "whole number";
    }
    if (value instanceof Number) {
      return "number";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    return value.getClass().getSimpleName();
  }
}
