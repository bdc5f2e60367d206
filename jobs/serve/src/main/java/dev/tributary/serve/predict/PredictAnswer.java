package dev.tributary.serve.predict;

import java.util.List;

/**
 * The answer to a predict request: one entry per entity row, in order.
 *
 * @param features the model's inputs as {@code view.feature}
 */
public record PredictAnswer(String scoring, String model, List<String> features, List<Row> rows) {

  /**
   * One row: a prediction, or why there is none.
   *
   * @param predictionOrNull null when rejected
   * @param rejectedOrNull why the model's missing policy refused the row ({@code reject} with a
   *     missing input), else null
   */
  public record Row(ServedPrediction predictionOrNull, String rejectedOrNull) {}
}
