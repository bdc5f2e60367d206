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
   * @param field the request's name for its columns ({@code entities}): the message names the value
   *     as {@code entities.origin[3]}, text built only when the value is bad
   * @param row the value's row
   */
  public static Object of(Object value, Column column, String field, int row) {
    if (value == null) {
      return null;
    }
    Object typed =
        switch (column.type()) {
          case STRING -> value instanceof String ? value : null;
          case LONG -> value instanceof Long ? value : null;
          case DOUBLE -> value instanceof Number n ? n.doubleValue() : null;
          case BOOLEAN -> value instanceof Boolean ? value : null;
          case TIMESTAMP -> timestamp(value, column, field, row);
        };
    if (typed == null) {
      throw new BadRequestException(
          place(column, field, row)
              + ": expected "
              + column.type().yamlName()
              + " for '"
              + column.name()
              + "', got "
              + describe(value));
    }
    return typed;
  }

  private static String place(Column column, String field, int row) {
    return field + "." + column.name() + "[" + row + "]";
  }

  private static Object timestamp(Object value, Column column, String field, int row) {
    if (value instanceof Long) {
      return value;
    }
    if (value instanceof String text) {
      try {
        return TimestampText.parse(text);
      } catch (IllegalArgumentException bad) {
        throw new BadRequestException(place(column, field, row) + ": " + bad.getMessage());
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
