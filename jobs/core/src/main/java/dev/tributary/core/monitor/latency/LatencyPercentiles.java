package dev.tributary.core.monitor.latency;

/**
 * Latency percentiles of one version in one window, in microseconds, as written to {@code
 * monitoring.latency}; each within 0.1% of the exact value, {@code max} exact to that precision.
 */
public record LatencyPercentiles(long count, long p50, long p95, long p99, long max) {}
