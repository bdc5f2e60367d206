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
 * {@code 2001-01-01T00:01:00Z}, {@code 2001-01-01T02:01:00+02:00}, {@code 2001-01-01T00:01:00.5},
 * a space instead of the {@code T} (as SQL engines write), a date alone ({@code 2001-01-01} is
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
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
      }
      String iso = text.length() > 10 && text.charAt(10) == ' '
          ? text.substring(0, 10) + 'T' + text.substring(11) : text;
      TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(iso);
      Instant instant = parsed.isSupported(ChronoField.OFFSET_SECONDS)
          ? Instant.from(parsed) : LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
      return instant.toEpochMilli();
    } catch (DateTimeException | ArithmeticException notATimestamp) {
      throw new IllegalArgumentException("expected a timestamp (ISO-8601 like 2001-01-01T00:01:00Z, or epoch "
          + "milliseconds), got " + Quoted.of(text));
    }
  }

  /** ISO-8601 in UTC, seconds always and milliseconds only when there are any: {@code 2001-01-01T00:01:00Z}. */
  public static String format(long millis) {
    return Instant.ofEpochMilli(millis).toString();
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
