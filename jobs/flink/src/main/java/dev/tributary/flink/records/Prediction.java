package dev.tributary.flink.records;

/**
 * One row of the prediction log ({@code monitoring.predictions} and {@code tributary.predictions}):
 * a request, what served it, and every input with its as-of time.
 */
public class Prediction {
  /** {@link #featureAsOf} of an input whose view the online store had nothing for. */
  public static final long NO_AS_OF = Long.MIN_VALUE;

  public String requestId;
  public long requestTime;
  public String scoring;
  public String model;
  public long versionChosen;
  public long versionServed;
  public String splitId;
  public String routingKey;

  /** The request as received: what a consistency check recomputes its features from. */
  public String request;

  public double[] scores;

  /** The inputs as {@code view.feature}, in the model's order. */
  public String[] features;

  /** Each input's online value; NaN where missing (NaN is never a feature value). */
  public double[] featureValues;

  public long[] featureAsOf;
  public long lookupMicros;
  public long queueMicros;
  public long inferenceMicros;
  public String jobId;
  public long predictedAt;

  public Prediction() {}

  @Override
  public String toString() {
    return requestId
        + " -> "
        + model
        + " v"
        + versionServed
        + " "
        + java.util.Arrays.toString(scores);
  }
}
