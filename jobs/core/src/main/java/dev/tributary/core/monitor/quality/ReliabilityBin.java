package dev.tributary.core.monitor.quality;

/**
 * One bin of a reliability diagram: predictions whose score fell in {@code [low, high)} (the last
 * bin closed), their mean score and the share that turned out positive. A calibrated model has
 * {@code meanScore} close to {@code observedRate} in every bin.
 */
public record ReliabilityBin(
    double low, double high, long count, double meanScore, double observedRate) {}
