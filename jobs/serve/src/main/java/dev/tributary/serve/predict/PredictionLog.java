package dev.tributary.serve.predict;

import java.util.List;

/**
 * Where synchronous predictions are recorded, so monitoring and the consistency check cover them as
 * they cover the score job's. The score job's log (Kafka {@code tributary.predictions}, then
 * Iceberg {@code monitoring.predictions}) plugs in here.
 */
@FunctionalInterface
public interface PredictionLog extends AutoCloseable {

  /** Records the predictions of one request; returns once they are handed to the log. */
  void append(List<ServedPrediction> predictions);

  @Override
  default void close() {}

  /** No log: for a server that only tries models out. */
  PredictionLog NONE = predictions -> {};
}
