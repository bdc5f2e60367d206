package dev.tributary.serve.predict;

import java.util.List;

/**
 * One synchronous prediction, with what the prediction log ({@code tributary.predictions}, {@code
 * monitoring.predictions}) records of the score job's predictions: the request, the version and
 * split that served it, and every input with its as-of time.
 *
 * @param features the inputs as {@code view.feature}, in the model's order
 * @param featureValues each input's online value, null where missing
 * @param featureAsOf each input's as-of time, null where the store had nothing
 * @param inputs what the model was sent: the values with the missing policy applied
 */
public record ServedPrediction(
    String requestId,
    long requestTime,
    String scoring,
    String model,
    long version,
    String splitId,
    String routingKey,
    double[] scores,
    List<String> features,
    List<Object> featureValues,
    List<Long> featureAsOf,
    double[] inputs,
    long lookupMicros,
    long inferenceMicros,
    long predictedAt) {}
