package dev.tributary.flink.score;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.Model;
import dev.tributary.core.score.ModelInputs;
import dev.tributary.triton.client.InferResult;
import dev.tributary.triton.protocol.DataType;
import dev.tributary.triton.protocol.ModelConfig;
import dev.tributary.triton.tensor.Tensor;
import java.io.Serializable;
import java.util.List;

/**
 * How a model's rows travel to Triton and its scores come back: one FP32 input tensor {@code [rows,
 * inputs]} and one output {@code [rows, k]}, names as the served model's configuration gives them.
 * {@link #check} is run at job start, so a model whose configuration does not fit its definition
 * fails there, naming both, instead of on every request.
 */
final class ModelTensors implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String model;
  private final String inputName;
  private final String outputName;
  private final String[] featureNames;
  private final int[] viewOfInput;

  private ModelTensors(
      String model, String inputName, String outputName, String[] featureNames, int[] viewOfInput) {
    this.model = model;
    this.inputName = inputName;
    this.outputName = outputName;
    this.featureNames = featureNames;
    this.viewOfInput = viewOfInput;
  }

  /**
   * The tensors of {@code definition} as served with {@code config}.
   *
   * @throws IllegalArgumentException naming the model, what the configuration declares and what the
   *     definition needs
   */
  static ModelTensors check(Model definition, ModelInputs inputs, ModelConfig config) {
    int features = definition.inputs().size();
    String where = "model '" + definition.tritonModel() + "' as served";
    if (config.getInputCount() != 1 || config.getOutputCount() < 1) {
      throw new IllegalArgumentException(
          where
              + " has "
              + config.getInputCount()
              + " inputs and "
              + config.getOutputCount()
              + " outputs: the score job sends one FP32 input of the "
              + features
              + " features of models.yaml and reads the first output");
    }
    var input = config.getInput(0);
    List<Long> dims = input.getDimsList();
    if (input.getDataType() != DataType.TYPE_FP32
        || dims.size() != 1
        || (dims.get(0) != features && dims.get(0) != -1)) {
      throw new IllegalArgumentException(
          where
              + ": input '"
              + input.getName()
              + "' is "
              + input.getDataType()
              + " "
              + dims
              + ", but models.yaml lists "
              + features
              + " inputs: it must be TYPE_FP32 with dims ["
              + features
              + "]");
    }
    if (config.getMaxBatchSize() < 1) {
      throw new IllegalArgumentException(
          where
              + " has max_batch_size 0: the score job sends batches, give it max_batch_size >= 1");
    }
    int[] viewOf = new int[features];
    for (int i = 0; i < features; i++) {
      viewOf[i] = inputs.views().indexOf(definition.inputs().get(i).view());
    }
    return new ModelTensors(
        definition.tritonModel(),
        input.getName(),
        config.getOutput(0).getName(),
        definition.inputs().stream().map(FeatureRef::qualifiedName).toArray(String[]::new),
        viewOf);
  }

  String model() {
    return model;
  }

  String outputName() {
    return outputName;
  }

  String[] featureNames() {
    return featureNames;
  }

  int viewOfInput(int input) {
    return viewOfInput[input];
  }

  /** The rows as one {@code [rows, inputs]} FP32 tensor. */
  Tensor input(List<double[]> rows) {
    float[] values = new float[rows.size() * featureNames.length];
    for (int r = 0; r < rows.size(); r++) {
      for (int f = 0; f < featureNames.length; f++) {
        values[r * featureNames.length + f] = (float) rows.get(r)[f];
      }
    }
    return Tensor.ofFp32s(inputName, new long[] {rows.size(), featureNames.length}, values);
  }

  /** The scores of each row from the output tensor {@code [rows, k]}. */
  double[][] scores(InferResult result, int rows) {
    Tensor output = result.output(outputName);
    float[] values = output.asFloats();
    if (rows == 0 || values.length % rows != 0) {
      throw new IllegalStateException(
          "model '" + model + "' answered " + values.length + " scores for " + rows + " rows");
    }
    int perRow = values.length / rows;
    double[][] scores = new double[rows][perRow];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < perRow; k++) {
        scores[r][k] = values[r * perRow + k];
      }
    }
    return scores;
  }
}
