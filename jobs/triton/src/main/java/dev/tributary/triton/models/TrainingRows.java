package dev.tributary.triton.models;

import java.util.List;
import java.util.Map;

/**
 * A model's training rows as the trainer takes them: the rows of a training table read by whoever
 * can read it (the command line reads {@code training.<model>} from Iceberg), so that training has
 * one source of rows, the training-set job's output, and this module needs no table format.
 *
 * @param featureNames qualified input names ({@code view.feature}) in the model's input order
 * @param features one row per training-table row; a null value is NaN
 * @param labels the label of each row (true = the positive class, late)
 * @param predictionTimes the as-of time of each row, UTC millis
 * @param lineage what the rows were read from (table, snapshot id, view versions...), copied into
 *     each version's metadata.json
 */
public record TrainingRows(
    List<String> featureNames,
    float[][] features,
    boolean[] labels,
    long[] predictionTimes,
    Map<String, Object> lineage) {

  public TrainingRows {
    if (features.length != labels.length || labels.length != predictionTimes.length) {
      throw new IllegalArgumentException(
          "training rows: "
              + features.length
              + " feature rows, "
              + labels.length
              + " labels and "
              + predictionTimes.length
              + " prediction times must be as many");
    }
    featureNames = List.copyOf(featureNames);
    lineage = Map.copyOf(lineage);
  }
}
