package dev.tributary.core.monitor.serving;

/**
 * A logged prediction as drift and latency monitoring see it: what went into the model and how long
 * it took, with no label.
 *
 * @param version the model version that served it
 * @param time event time of the request, UTC ms (the window it counts in)
 * @param score predicted probability of the positive class
 * @param inputs the model's inputs in the model's order; NaN where the value was missing
 * @param inferenceMicros time of the model call
 * @param requestMicros time from picking up the request to the prediction: feature lookup, the
 *     micro-batcher's queue and inference. Not the wall-clock difference between request time and
 *     prediction time, which mixes event time with processing time and is meaningless on a replay
 */
public record ServedPrediction(
    String version,
    long time,
    double score,
    double[] inputs,
    long inferenceMicros,
    long requestMicros) {}
