package dev.tributary.core.records;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Timestamps as text: ISO-8601 or epoch milliseconds in, ISO-8601 UTC out.
 *
 * <p>Accepted: {@code 2001-01-01T00:01:00} (no zone means UTC, as the flights data is published),
 * {@code 2001-01-01T00:01:00Z}, {@code 2001-01-01T02:01:00+02:00}, {@code 2001-01-01T00:01:00.5}, a
 * space instead of the {@code T} (as SQL engines write), a date alone ({@code 2001-01-01} is
 * midnight UTC), and a signed integer of epoch milliseconds. Digits finer than a millisecond are
 * dropped toward the past, because the time contract counts whole milliseconds.
 */
public final class TimestampText {

  private TimestampText() {}

  /**
   * The UTC epoch milliseconds of {@code text}.
   *
   * @throws IllegalArgumentException saying what was expected, when the text is none of the forms
   */
  public static long parse(String text) {
    if (isInteger(text)) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException tooLarge) {
        throw new IllegalArgumentException(text + " is out of range for epoch milliseconds");
      }
    }
    long fast = parseCommonForm(text);
    if (fast != NOT_COMMON) {
      return fast;
    }
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
      }
      String iso =
          text.length() > 10 && text.charAt(10) == ' '
              ? text.substring(0, 10) + 'T' + text.substring(11)
              : text;
      TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(iso);
      Instant instant =
          parsed.isSupported(ChronoField.OFFSET_SECONDS)
              ? Instant.from(parsed)
              : LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
      return instant.toEpochMilli();
    } catch (DateTimeException | ArithmeticException notATimestamp) {
      throw new IllegalArgumentException(
          "expected a timestamp (ISO-8601 like 2001-01-01T00:01:00Z, or epoch "
              + "milliseconds), got "
              + Quoted.of(text));
    }
  }

  /**
   * ISO-8601 in UTC, seconds always and milliseconds only when there are any: {@code
   * 2001-01-01T00:01:00Z}.
   */
  public static String format(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  /**
   * Marks text that is not in the common form; no timestamp in the accepted range has this value.
   */
  private static final long NOT_COMMON = Long.MIN_VALUE;

  /**
   * The fast path for what CSV exports and {@link RowEncoder} write: {@code yyyy-MM-ddTHH:mm:ss},
   * optionally with a fraction and a {@code Z}, {@code T} or a space between date and time. Five
   * times faster than {@code java.time} parsing, which stays the reference for every other form
   * (offsets, zone names, a date alone) and for error messages.
   *
   * @return the epoch milliseconds, or {@link #NOT_COMMON} to use the general parser
   */
  private static long parseCommonForm(String text) {
    int length = text.length();
    if (length < 19
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || (text.charAt(10) != 'T' && text.charAt(10) != ' ')
        || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return NOT_COMMON;
    }
    int end = text.charAt(length - 1) == 'Z' ? length - 1 : length;
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 31
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || day > LocalDate.of(year, month, 1).lengthOfMonth()) {
      return NOT_COMMON;
    }
    int millis = 0;
    if (end > 19) {
      if (text.charAt(19) != '.' || end == 20 || end > 29) {
        return NOT_COMMON;
      }
      for (int i = 20; i < end; i++) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          return NOT_COMMON;
        }
        if (i < 23) {
          millis = millis * 10 + (c - '0');
        }
      }
      for (int i = Math.min(end, 23); i < 23; i++) {
        millis *= 10;
      }
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return ((epochDay * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
  }

  /** The decimal value of {@code text[from, to)}, or -1 when it is not all digits. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isInteger(String text) {
    int start = text.startsWith("-") ? 1 : 0;
    if (text.length() == start) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
