package dev.tributary.flink.monitor;

import dev.tributary.core.monitor.labels.Prediction;
import dev.tributary.core.monitor.serving.ServedPrediction;

/**
 * One record of the prediction log as the monitor job's two branches need it: the label join's view
 * and the drift and latency view. Read once, split by two maps.
 */
public record LoggedPrediction(Prediction forJoin, ServedPrediction served) {}
