package dev.tributary.core.score;

import java.util.List;

/**
 * A request's model input, and what went into it for the prediction log.
 *
 * @param values the input row in the model's order, missing values replaced per the policy
 * @param features the feature values as the online store gave them, null where missing
 * @param asOf per view of {@link ModelInputs#views()}: the as-of time of the values used, or {@link
 *     ModelInputs#NO_AS_OF} when the store had nothing
 * @param missing qualified names of the inputs that had no value
 * @param rejectOnMissing the model's policy is {@code reject}: with anything missing, no prediction
 */
public record InputRow(
    double[] values,
    Object[] features,
    long[] asOf,
    List<String> missing,
    boolean rejectOnMissing) {

  public InputRow {
    missing = List.copyOf(missing);
  }

  public boolean rejected() {
    return rejectOnMissing && !missing.isEmpty();
  }
}
