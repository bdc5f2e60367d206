package dev.tributary.serve.predict;

import java.util.List;

/**
 * Where synchronous predictions are recorded, so monitoring and the consistency check cover them as
 * they cover the score job's, and where the requests that got none are dead-lettered, so the
 * monitor's error rate counts them. The score job's log (Kafka {@code tributary.predictions}, then
 * Iceberg {@code monitoring.predictions}; {@code tributary.dead_letters}) plugs in here.
 */
@FunctionalInterface
public interface PredictionLog extends AutoCloseable {

  /** Records the predictions of one request; returns once they are handed to the log. */
  void append(List<ServedPrediction> predictions);

  /**
   * Records the rows of one request that got no prediction, with the reason; returns once they are
   * handed to the log. A log of predictions only (a test's list, {@link #NONE}) keeps none: the
   * caller still gets its error, and the server's metrics count it.
   */
  default void deadLetter(List<FailedPrediction> failures) {}

  @Override
  default void close() {}

  /** No log: for a server that only tries models out. */
  PredictionLog NONE = predictions -> {};
}
