package dev.tributary.core.records;

import java.io.Serializable;
import java.time.Instant;

/**
 * The timestamps a record may plausibly carry. Anything outside is a unit mistake (seconds or
 * microseconds where milliseconds were meant), a placeholder such as 0 or 9999-12-31, or garbage;
 * letting it in would move a watermark decades ahead and drop every later event as late.
 *
 * @param earliest the first accepted instant, UTC epoch milliseconds (inclusive)
 * @param latest the first instant no longer accepted, UTC epoch milliseconds (exclusive)
 */
public record TimestampRange(long earliest, long latest) implements Serializable {

  /** 1970-01-01T00:00:00Z (inclusive) to 2100-01-01T00:00:00Z (exclusive). */
  public static final TimestampRange DEFAULT =
      new TimestampRange(0L, Instant.parse("2100-01-01T00:00:00Z").toEpochMilli());

  public TimestampRange {
    if (earliest >= latest) {
      throw new IllegalArgumentException(
          "empty timestamp range: "
              + TimestampText.format(earliest)
              + " is not before "
              + TimestampText.format(latest));
    }
  }

  /** Null when {@code millis} is plausible, otherwise what is wrong with it. */
  ValueProblem problemWith(long millis) {
    if (millis < earliest) {
      return new ValueProblem(
          TimestampText.format(millis)
              + " is before "
              + TimestampText.format(earliest)
              + ", the earliest accepted timestamp",
          "before the earliest accepted timestamp");
    }
    if (millis >= latest) {
      return new ValueProblem(
          TimestampText.format(millis)
              + " is not before "
              + TimestampText.format(latest)
              + ", the end of accepted timestamps",
          "not before the end of accepted timestamps");
    }
    return null;
  }
}
