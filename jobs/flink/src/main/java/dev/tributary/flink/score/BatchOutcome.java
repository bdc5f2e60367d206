package dev.tributary.flink.score;

import dev.tributary.flink.records.DeadLetter;
import dev.tributary.flink.records.Prediction;

/**
 * What became of one batch: a prediction or a dead letter per request.
 *
 * <p>{@link #retriable} marks an outcome that failed only because the server was unavailable or
 * overloaded (or its circuit is open): the async operator tries the whole batch again later, and
 * emits the dead letters only when its attempts are spent.
 */
public class BatchOutcome {
  public Prediction[] predictions;
  public DeadLetter[] deadLetters;
  public boolean retriable;

  public BatchOutcome() {}

  public BatchOutcome(Prediction[] predictions, DeadLetter[] deadLetters, boolean retriable) {
    this.predictions = predictions;
    this.deadLetters = deadLetters;
    this.retriable = retriable;
  }
}
