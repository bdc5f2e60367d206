package dev.tributary.serve.predict;

import java.util.List;

/**
 * One synchronous prediction, with what the prediction log ({@code tributary.predictions}, {@code
 * monitoring.predictions}) records of the score job's predictions: the request, the version and
 * split that served it, and every input with its as-of time.
 *
 * @param request the request row as a record of the scoring's request source (JSON), its id filled
 *     in: what the consistency check's spine and the prediction log's {@code request} hold
 * @param labelKey the key labels join on; null when a join column is null
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
    String request,
    String labelKey,
    double[] scores,
    List<String> features,
    List<Object> featureValues,
    List<Long> featureAsOf,
    double[] inputs,
    long lookupMicros,
    long inferenceMicros,
    long predictedAt) {

  /**
   * The score: the last output, the positive class's probability of a classifier whose classes are
   * ordered {@code [negative, positive]} (flight_delay's {@code [on_time, late]}), the output the
   * monitor job reads as a prediction's score, so what a caller sees is what monitoring judges.
   */
  public double score() {
    return scores[scores.length - 1];
  }
}
