package dev.tributary.bench.triton;

import java.util.Arrays;

/** Call latencies of one benchmark run, and the throughput and percentiles they give. */
final class LatencyRecorder {

  private long[] nanos = new long[1 << 16];
  private int count;
  private long startNanos;
  private long endNanos;

  synchronized void start() {
    startNanos = System.nanoTime();
  }

  synchronized void record(long latencyNanos) {
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
    }
    nanos[count++] = latencyNanos;
  }

  synchronized void stop() {
    endNanos = System.nanoTime();
  }

  synchronized int calls() {
    return count;
  }

  /** Rows inferred per second: calls times the rows of each call, over the wall time. */
  synchronized double inferencesPerSecond(int rowsPerCall) {
    return (double) count * rowsPerCall / ((endNanos - startNanos) / 1e9);
  }

  /** The latency at quantile q (0..1), in milliseconds. */
  synchronized double percentileMillis(double q) {
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    int index = (int) Math.min(count - 1, Math.max(0, Math.ceil(q * count) - 1));
    return sorted[index] / 1e6;
  }
}
