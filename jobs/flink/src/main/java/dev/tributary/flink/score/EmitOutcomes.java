package dev.tributary.flink.score;

import dev.tributary.flink.records.DeadLetter;
import dev.tributary.flink.records.Prediction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Unpacks batch outcomes: predictions downstream, dead letters to {@link
 * RouteAndBatch#DEAD_LETTERS}.
 */
final class EmitOutcomes extends ProcessFunction<BatchOutcome, Prediction> {
  private static final long serialVersionUID = 1L;

  @Override
  public void processElement(BatchOutcome outcome, Context context, Collector<Prediction> out) {
    for (Prediction prediction : outcome.predictions) {
      out.collect(prediction);
    }
    for (DeadLetter letter : outcome.deadLetters) {
      context.output(RouteAndBatch.DEAD_LETTERS, letter);
    }
  }
}
