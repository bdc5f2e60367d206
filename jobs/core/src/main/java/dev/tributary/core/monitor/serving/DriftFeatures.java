package dev.tributary.core.monitor.serving;

import dev.tributary.core.training.FeatureBaseline;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The model inputs that drift is measured for, each with its training baseline: every input whose
 * training-set column ({@code <view>__<feature>}) has a row in {@code training.<name>__stats}.
 * Inputs without one (a non-numeric feature, a stats table of another feature set) are listed in
 * {@link #unmeasured} so the job can say so. A version's set may end with the score itself ({@link
 * #withScore}), measured against the version's own score baseline ({@link TrainingReference}).
 */
public final class DriftFeatures implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The input index that stands for the score. */
  private static final int SCORE_INDEX = -1;

  private final List<FeatureBaseline> baselines;
  private final int[] inputIndex;
  private final List<String> unmeasured;

  private DriftFeatures(
      List<FeatureBaseline> baselines, int[] inputIndex, List<String> unmeasured) {
    this.baselines = List.copyOf(baselines);
    this.inputIndex = inputIndex;
    this.unmeasured = List.copyOf(unmeasured);
  }

  /** No drift measured (no baseline given). */
  public static DriftFeatures none() {
    return new DriftFeatures(List.of(), new int[0], List.of());
  }

  /**
   * @param inputColumns the model's inputs as training-set columns, in the model's order
   * @param stats the rows of the training set's stats table
   */
  public static DriftFeatures of(List<String> inputColumns, List<FeatureBaseline> stats) {
    List<FeatureBaseline> baselines = new ArrayList<>();
    List<Integer> index = new ArrayList<>();
    List<String> unmeasured = new ArrayList<>();
    for (int i = 0; i < inputColumns.size(); i++) {
      String column = inputColumns.get(i);
      FeatureBaseline baseline =
          stats.stream().filter(b -> b.feature().equals(column)).findFirst().orElse(null);
      if (baseline == null) {
        unmeasured.add(column);
      } else {
        baselines.add(baseline);
        index.add(i);
      }
    }
    return new DriftFeatures(
        baselines, index.stream().mapToInt(Integer::intValue).toArray(), unmeasured);
  }

  /**
   * These inputs and, last, the score against {@code scoreBaseline} (named {@link
   * TrainingReference#SCORE}); the same inputs when the baseline is null.
   */
  public DriftFeatures withScore(FeatureBaseline scoreBaseline) {
    if (scoreBaseline == null) {
      return this;
    }
    List<FeatureBaseline> all = new ArrayList<>(baselines);
    all.add(scoreBaseline);
    int[] index = Arrays.copyOf(inputIndex, inputIndex.length + 1);
    index[inputIndex.length] = SCORE_INDEX;
    return new DriftFeatures(all, index, unmeasured);
  }

  public int size() {
    return baselines.size();
  }

  public FeatureBaseline baseline(int feature) {
    return baselines.get(feature);
  }

  /**
   * The value of drift feature {@code feature} in a prediction: one of its inputs (NaN if absent),
   * or its score.
   */
  public double valueOf(int feature, ServedPrediction prediction) {
    int input = inputIndex[feature];
    if (input == SCORE_INDEX) {
      return prediction.score();
    }
    double[] inputs = prediction.inputs();
    return input < inputs.length ? inputs[input] : Double.NaN;
  }

  public List<String> unmeasured() {
    return unmeasured;
  }
}
