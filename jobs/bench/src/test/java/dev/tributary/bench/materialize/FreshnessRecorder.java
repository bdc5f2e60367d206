package dev.tributary.bench.materialize;

import java.util.IdentityHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Drains every new sample of the sinks' {@code onlineFreshnessMillis} histograms into one
 * HdrHistogram.
 *
 * <p>Flink's histogram keeps the last 10,000 values in a ring (value {@code i} at position {@code i
 * % 10000}) and exposes the ring in storage order through {@code getValues()}. Reading the count
 * before and after the copy tells which positions hold which samples: samples {@code [max(seen,
 * after - 10000), before)} are in the copy and not yet overwritten. Polled every few milliseconds,
 * nothing is lost below about a million writes a second; losses are counted. Beside the whole run's
 * histogram it keeps one per interval, to show whether freshness stays level or grows over the run
 * (a job that does not keep up).
 */
final class FreshnessRecorder {
  private static final int RING = 10_000;

  private final Histogram histogram = new Histogram(3_600_000L, 3);
  private final Histogram interval = new Histogram(3_600_000L, 3);
  private final Map<org.apache.flink.metrics.Histogram, Long> seen = new IdentityHashMap<>();
  private long lost;
  private long overRange;

  /** Takes the samples added since the last call. */
  synchronized void poll() {
    for (org.apache.flink.metrics.Histogram source : FreshnessReporter.histograms()) {
      long before = source.getCount();
      long[] ring = source.getStatistics().getValues();
      long after = source.getCount();
      long from = seen.getOrDefault(source, 0L);
      long firstIntact = Math.max(from, after - RING);
      lost += firstIntact - from;
      for (long i = firstIntact; i < before; i++) {
        long value = Math.max(0, ring[(int) (i % RING)]);
        if (value > histogram.getHighestTrackableValue()) {
          overRange++; // a sample of an earlier job whose events are from 2001
        } else {
          histogram.recordValue(value);
          interval.recordValue(value);
        }
      }
      seen.put(source, Math.max(from, before));
    }
  }

  /** Forgets the samples taken so far (the warm-up). */
  synchronized void reset() {
    poll();
    histogram.reset();
    interval.reset();
    lost = 0;
    overRange = 0;
  }

  /** The samples taken since the last call (or the reset), and starts the next interval. */
  synchronized Histogram takeInterval() {
    poll();
    Histogram taken = interval.copy();
    interval.reset();
    return taken;
  }

  synchronized Histogram snapshot() {
    return histogram.copy();
  }

  synchronized long overRange() {
    return overRange;
  }

  synchronized long lost() {
    return lost;
  }
}
