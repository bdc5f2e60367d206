package dev.tributary.core.monitor.labels;

/**
 * A logged prediction as the label join sees it.
 *
 * @param key the label's join columns, encoded (for flights: origin, destination, date)
 * @param time event time of the prediction (the request time), UTC ms
 * @param version the model version that served it
 * @param score predicted probability of the positive class
 */
public record Prediction(String key, String requestId, long time, String version, double score) {}
