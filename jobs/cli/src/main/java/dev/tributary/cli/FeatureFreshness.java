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
 * score job logged: a feature as of a later time than the request read the future (an event, or a
 * window's tail, after the request); one much earlier is stale. The demo prints both, because
 * scoring beside a paced stream makes them depend on how far each job lags the replay.
 */
final class FeatureFreshness {
  private long predictions;
  private long newer;
  private long maxLeadMillis;
  private long[] behind = new long[1024];
  private int measured;

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

  long newer() {
    return newer;
  }

  /** One line: predictions that read values newer than their request, and the median lag. */
  String describe() {
    long[] sorted = Arrays.copyOf(behind, measured);
    Arrays.sort(sorted);
    String median =
        measured == 0 ? "-" : minutes(sorted[measured / 2]) + " before the request (median)";
    return String.format(
        Locale.ROOT,
        "features as of their request: %,d of %,d predictions read a value newer than their"
            + " request time%s; the newest input as of %s",
        newer,
        predictions,
        newer == 0 ? "" : " (by up to " + minutes(maxLeadMillis) + ")",
        median);
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
