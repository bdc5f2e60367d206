package dev.tributary.cli;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How the online features a prediction used compare with its request time, from the as-of times the
 * score job logged. A feature as of a later time than its request read the future (an event, or a
 * window's tail, after the request): the demo paces its stream so that none does, and fails if one
 * did. How far the newest input's as-of lies before the request is what a user of the predictions
 * sees as staleness; it is not bounded by the step, because an as-of time is when the entity's
 * values last changed (an airport with no flight for hours keeps an old as-of with current values):
 * what the step bounds is which events the values hold (every one before the step's start, awaited
 * in Redis by {@link OnlineCatchUp}).
 */
final class FeatureFreshness {
  private final long stepMillis;
  private long predictions;
  private long newer;
  private long maxLeadMillis;
  private long[] behind = new long[1024];
  private int measured;

  /**
   * @param stepMillis the pacing step, printed beside the figures
   */
  FeatureFreshness(long stepMillis) {
    this.stepMillis = stepMillis;
  }

  /** One prediction: its request time and its inputs' logged as-of times (null: none stored). */
  void add(long requestTime, List<?> asOfTimes) {
    predictions++;
    long newest = Long.MIN_VALUE;
    for (Object asOf : asOfTimes) {
      if (asOf != null) {
        newest = Math.max(newest, millis(asOf));
      }
    }
    if (newest == Long.MIN_VALUE) {
      return;
    }
    if (newest > requestTime) {
      newer++;
      maxLeadMillis = Math.max(maxLeadMillis, newest - requestTime);
    }
    if (measured == behind.length) {
      behind = Arrays.copyOf(behind, measured * 2);
    }
    behind[measured++] = requestTime - newest;
  }

  /** Predictions with an input as of a time after their request. */
  long newer() {
    return newer;
  }

  /**
   * One line: predictions that read values newer than their request, and the request time minus the
   * newest input's as-of (median, 99th percentile, maximum).
   */
  String describe() {
    long[] sorted = Arrays.copyOf(behind, measured);
    Arrays.sort(sorted);
    String lag =
        measured == 0
            ? "-"
            : String.format(
                Locale.ROOT,
                "median %s, p99 %s, max %s",
                minutes(sorted[measured / 2]),
                minutes(sorted[(int) Math.min(measured - 1, Math.ceil(measured * 0.99) - 1)]),
                minutes(sorted[measured - 1]));
    return String.format(
        Locale.ROOT,
        "features as of their request: %,d of %,d predictions read a value newer than their"
            + " request time%s; every input held its entity's flights up to the step's start, at"
            + " most %s before the request; request time minus the newest input's as-of: %s",
        newer,
        predictions,
        newer == 0 ? "" : " (by up to " + minutes(maxLeadMillis) + "): READ THE FUTURE",
        minutes(stepMillis),
        lag);
  }

  private static String minutes(long millis) {
    Duration d = Duration.ofMillis(Math.abs(millis));
    String text =
        d.toMinutes() >= 1
            ? String.format(Locale.ROOT, "%.1f min", d.toMillis() / 60_000.0)
            : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1_000.0);
    return millis < 0 ? "-" + text : text;
  }

  private static long millis(Object timestamp) {
    if (timestamp instanceof OffsetDateTime offset) {
      return offset.toInstant().toEpochMilli();
    }
    if (timestamp instanceof LocalDateTime local) {
      return local.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    return ((Number) timestamp).longValue();
  }
}
