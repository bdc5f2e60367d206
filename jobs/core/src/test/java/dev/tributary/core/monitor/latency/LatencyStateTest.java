package dev.tributary.core.monitor.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.monitor.WritableState;
import dev.tributary.core.window.Seeds;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyStateTest {

  /**
   * Percentiles within HdrHistogram's 0.1% of the nearest-rank percentiles of the sorted values.
   */
  @Test
  void percentilesMatchSortedValuesWithinAThousandthAfterMergeAndBytes() {
    long seed = Seeds.base();
    Random random = new Random(seed);
    long[] values = new long[50_000];
    LatencyState first = new LatencyState();
    LatencyState second = new LatencyState();
    for (int i = 0; i < values.length; i++) {
      values[i] = (long) Math.exp(6 + 1.5 * random.nextGaussian()); // log-normal µs
      (i % 2 == 0 ? first : second).recordMicros(values[i]);
    }
    LatencyState merged = WritableState.fromBytes(first.toBytes(), LatencyState::read);
    merged.merge(WritableState.fromBytes(second.toBytes(), LatencyState::read));
    Arrays.sort(values);
    LatencyPercentiles p = merged.percentiles();
    String context = "seed " + seed + ": " + p;
    assertEquals(values.length, p.count(), context);
    assertClose(nearestRank(values, 50), p.p50(), context);
    assertClose(nearestRank(values, 95), p.p95(), context);
    assertClose(nearestRank(values, 99), p.p99(), context);
    assertClose(values[values.length - 1], p.max(), context);
    assertTrue(merged.toBytes().length < 4096, "bytes " + merged.toBytes().length);
  }

  private static long nearestRank(long[] sorted, double percentile) {
    return sorted[(int) Math.ceil(percentile / 100 * sorted.length) - 1];
  }

  private static void assertClose(long expected, long actual, String context) {
    assertTrue(
        Math.abs(expected - actual) <= Math.max(1, expected / 1000.0),
        "expected " + expected + " got " + actual + " " + context);
  }
}
