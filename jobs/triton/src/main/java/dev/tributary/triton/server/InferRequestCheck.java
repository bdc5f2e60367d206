package dev.tributary.triton.server;

import dev.tributary.triton.protocol.ModelConfig;
import dev.tributary.triton.protocol.ModelInput;
import dev.tributary.triton.protocol.ModelOutput;
import dev.tributary.triton.tensor.ElementType;
import dev.tributary.triton.tensor.Tensor;
import dev.tributary.triton.wire.ConfigTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks an inference request against config.pbtxt before it reaches ONNX Runtime, answering as
 * Triton does: INVALID_ARGUMENT with Triton's wording for an unknown or missing input, a wrong
 * datatype, a wrong shape, a batch over max_batch_size or an unknown output.
 */
final class InferRequestCheck {

  /** Inputs in config order, the outputs to return, and the request's batch size (1 unbatched). */
  record Checked(List<Tensor> inputs, List<String> outputs, int batchSize) {}

  private InferRequestCheck() {}

  static Checked check(ModelConfig config, List<Tensor> inputs, List<String> requestedOutputs) {
    String model = config.getName();
    Map<String, Tensor> byName = new HashMap<>();
    for (Tensor input : inputs) {
      if (config.getInputList().stream()
          .noneMatch(declared -> declared.getName().equals(input.name()))) {
        throw InferenceError.invalidArgument(
            "unexpected inference input '" + input.name() + "' for model '" + model + "'");
      }
      if (byName.put(input.name(), input) != null) {
        throw InferenceError.invalidArgument(
            "input '" + input.name() + "' is given twice for model '" + model + "'");
      }
    }
    List<String> missing =
        config.getInputList().stream()
            .map(ModelInput::getName)
            .filter(name -> !byName.containsKey(name))
            .collect(Collectors.toList());
    if (!missing.isEmpty()) {
      throw InferenceError.invalidArgument(
          "expected "
              + config.getInputCount()
              + " inputs but got "
              + inputs.size()
              + " inputs for model '"
              + model
              + "'. Got input(s) "
              + quoted(byName.keySet())
              + ", but missing required input(s) "
              + quoted(missing)
              + ". Please provide all required input(s).");
    }
    boolean batched = config.getMaxBatchSize() > 0;
    int batchSize = batched ? -1 : 1;
    List<Tensor> ordered = new ArrayList<>(config.getInputCount());
    for (ModelInput declared : config.getInputList()) {
      Tensor input = byName.get(declared.getName());
      ElementType expectedType = ConfigTypes.toElementType(declared.getDataType());
      if (input.type() != expectedType) {
        throw InferenceError.invalidArgument(
            "inference input '"
                + input.name()
                + "' data-type is '"
                + input.type()
                + "', but model '"
                + model
                + "' expects '"
                + expectedType
                + "'");
      }
      long[] shape = input.shape();
      if (!shapeMatches(declared.getDimsList(), batched, shape)) {
        throw InferenceError.invalidArgument(
            "unexpected shape for input '"
                + input.name()
                + "' for model '"
                + model
                + "'. Expected "
                + expectedShape(declared.getDimsList(), batched)
                + ", got "
                + format(shape));
      }
      if (batched) {
        long rows = shape[0];
        if (rows < 1 || rows > config.getMaxBatchSize()) {
          throw InferenceError.invalidArgument(
              "inference request batch-size must be <= "
                  + config.getMaxBatchSize()
                  + " for '"
                  + model
                  + "'");
        }
        if (batchSize != -1 && rows != batchSize) {
          throw InferenceError.invalidArgument(
              "input '"
                  + input.name()
                  + "' has batch size "
                  + rows
                  + " but other inputs of the request have "
                  + batchSize
                  + " for model '"
                  + model
                  + "'");
        }
        batchSize = (int) rows;
      }
      ordered.add(input);
    }
    List<String> outputs = new ArrayList<>();
    if (requestedOutputs.isEmpty()) {
      config.getOutputList().forEach(output -> outputs.add(output.getName()));
    } else {
      for (String name : requestedOutputs) {
        if (config.getOutputList().stream().map(ModelOutput::getName).noneMatch(name::equals)) {
          throw InferenceError.invalidArgument(
              "unexpected inference output '" + name + "' for model '" + model + "'");
        }
        outputs.add(name);
      }
    }
    return new Checked(ordered, outputs, batchSize);
  }

  private static boolean shapeMatches(List<Long> dims, boolean batched, long[] shape) {
    int offset = batched ? 1 : 0;
    if (shape.length != dims.size() + offset) {
      return false;
    }
    for (int i = 0; i < dims.size(); i++) {
      long declared = dims.get(i);
      if (declared != -1 && declared != shape[i + offset]) {
        return false;
      }
    }
    return true;
  }

  private static String expectedShape(List<Long> dims, boolean batched) {
    List<Long> full = new ArrayList<>();
    if (batched) {
      full.add(-1L);
    }
    full.addAll(dims);
    return full.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
  }

  private static String format(long[] shape) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < shape.length; i++) {
      out.append(i == 0 ? "" : ",").append(shape[i]);
    }
    return out.append(']').toString();
  }

  private static String quoted(Iterable<String> names) {
    List<String> list = new ArrayList<>();
    names.forEach(name -> list.add("'" + name + "'"));
    return list.toString();
  }
}
