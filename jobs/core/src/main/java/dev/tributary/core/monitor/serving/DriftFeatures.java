package dev.tributary.core.monitor.serving;

import dev.tributary.core.training.FeatureBaseline;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The model inputs that drift is measured for, each with its training baseline: every input whose
 * training-set column ({@code <view>__<feature>}) has a row in {@code training.<name>__stats}.
 * Inputs without one (a non-numeric feature, a stats table of another feature set) are listed in
 * {@link #unmeasured} so the job can say so.
 */
public final class DriftFeatures implements Serializable {
  private static final long serialVersionUID = 1L;

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

  public int size() {
    return baselines.size();
  }

  public FeatureBaseline baseline(int feature) {
    return baselines.get(feature);
  }

  /** The value of drift feature {@code feature} among a prediction's inputs (NaN if absent). */
  public double valueOf(int feature, double[] inputs) {
    int input = inputIndex[feature];
    return input < inputs.length ? inputs[input] : Double.NaN;
  }

  public List<String> unmeasured() {
    return unmeasured;
  }
}
