package dev.tributary.triton.server;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.tributary.triton.protocol.DataType;
import dev.tributary.triton.protocol.ModelConfig;
import dev.tributary.triton.protocol.ModelInput;
import dev.tributary.triton.protocol.ModelOutput;
import dev.tributary.triton.tensor.ElementType;
import dev.tributary.triton.tensor.Tensor;
import dev.tributary.triton.wire.ConfigTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One loaded version of a model: an ONNX Runtime session whose inputs and outputs were checked
 * against config.pbtxt when it was opened, so that a mismatch fails the load (naming the file)
 * rather than the first request.
 */
final class OnnxModelVersion implements AutoCloseable {

  /** Outputs of one run and where its time went. */
  record Result(List<Tensor> outputs, RunTimings timings) {}

  private final String model;
  private final long version;
  private final ModelConfig config;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final Map<String, ElementType> outputTypes = new LinkedHashMap<>();

  private OnnxModelVersion(
      String model, long version, ModelConfig config, OrtEnvironment env, OrtSession session) {
    this.model = model;
    this.version = version;
    this.config = config;
    this.env = env;
    this.session = session;
    for (ModelOutput output : config.getOutputList()) {
      outputTypes.put(output.getName(), ConfigTypes.toElementType(output.getDataType()));
    }
  }

  static OnnxModelVersion open(OrtEnvironment env, Path modelDir, long version, ModelConfig config)
      throws ModelConfigException {
    String fileName =
        config.getDefaultModelFilename().isEmpty()
            ? ModelRepository.DEFAULT_MODEL_FILE
            : config.getDefaultModelFilename();
    Path file = modelDir.resolve(Long.toString(version)).resolve(fileName);
    if (!Files.isRegularFile(file)) {
      throw new ModelConfigException(file, "model file missing for version " + version);
    }
    OrtSession session;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      // Requests bring the parallelism; one intra-op thread per run avoids oversubscribing cores.
      options.setIntraOpNumThreads(1);
      session = env.createSession(file.toString(), options);
    } catch (OrtException e) {
      throw new ModelConfigException(
          file, "ONNX Runtime cannot load the model: " + e.getMessage(), e);
    }
    try {
      checkSignature(modelDir.resolve("config.pbtxt"), config, session);
    } catch (ModelConfigException | RuntimeException e) {
      closeQuietly(session);
      throw e;
    }
    return new OnnxModelVersion(config.getName(), version, config, env, session);
  }

  String model() {
    return model;
  }

  long version() {
    return version;
  }

  ModelConfig config() {
    return config;
  }

  /**
   * Runs the model on checked inputs and returns the named outputs in the order asked.
   *
   * @throws InferenceError (INTERNAL) when ONNX Runtime fails
   */
  Result run(List<Tensor> inputs, List<String> outputNames) {
    long start = System.nanoTime();
    Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
    try {
      for (Tensor input : inputs) {
        feeds.put(input.name(), OrtTensors.toOnnx(env, input));
      }
      long fed = System.nanoTime();
      try (OrtSession.Result result = session.run(feeds, new LinkedHashSet<>(outputNames))) {
        long ran = System.nanoTime();
        List<Tensor> outputs = new ArrayList<>(outputNames.size());
        for (String name : outputNames) {
          OnnxValue value = result.get(name).orElseThrow();
          outputs.add(OrtTensors.fromOnnx(name, outputTypes.get(name), (OnnxTensor) value));
        }
        long read = System.nanoTime();
        return new Result(outputs, new RunTimings(fed - start, ran - fed, read - ran));
      }
    } catch (OrtException e) {
      throw InferenceError.internal(
          "onnx runtime error for model '"
              + model
              + "' version "
              + version
              + ": "
              + e.getMessage());
    } finally {
      feeds.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() {
    closeQuietly(session);
  }

  private static void checkSignature(Path configFile, ModelConfig config, OrtSession session)
      throws ModelConfigException {
    int batchDims = config.getMaxBatchSize() > 0 ? 1 : 0;
    Map<String, NodeInfo> onnxInputs;
    Map<String, NodeInfo> onnxOutputs;
    try {
      onnxInputs = session.getInputInfo();
      onnxOutputs = session.getOutputInfo();
    } catch (OrtException e) {
      throw new ModelConfigException(
          configFile, "cannot read the model signature: " + e.getMessage(), e);
    }
    for (ModelInput input : config.getInputList()) {
      TensorInfo info = tensorInfo(configFile, "input", input.getName(), onnxInputs);
      ElementType declared = ConfigTypes.toElementType(input.getDataType());
      if (info.onnxType != OrtTensors.carrier(declared)) {
        throw new ModelConfigException(
            configFile, typeMismatch("input", input.getName(), input.getDataType(), info));
      }
      checkDims(
          configFile, "input", input.getName(), input.getDimsList(), batchDims, info.getShape());
    }
    for (ModelOutput output : config.getOutputList()) {
      TensorInfo info = tensorInfo(configFile, "output", output.getName(), onnxOutputs);
      if (!OrtTensors.readableAs(info.onnxType, ConfigTypes.toElementType(output.getDataType()))) {
        throw new ModelConfigException(
            configFile, typeMismatch("output", output.getName(), output.getDataType(), info));
      }
      checkDims(
          configFile, "output", output.getName(), output.getDimsList(), batchDims, info.getShape());
    }
  }

  private static TensorInfo tensorInfo(
      Path configFile, String kind, String name, Map<String, NodeInfo> nodes)
      throws ModelConfigException {
    NodeInfo node = nodes.get(name);
    if (node == null) {
      throw new ModelConfigException(
          configFile,
          kind
              + " '"
              + name
              + "' is not in the ONNX model, whose "
              + kind
              + "s are "
              + nodes.keySet());
    }
    if (!(node.getInfo() instanceof TensorInfo info)) {
      throw new ModelConfigException(
          configFile, kind + " '" + name + "' is not a tensor in the ONNX model");
    }
    return info;
  }

  private static String typeMismatch(String kind, String name, DataType declared, TensorInfo info) {
    String hint =
        switch (info.onnxType) {
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16,
              ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32,
              ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64 ->
              " (ONNX Runtime's Java API cannot feed unsigned 16/32/64-bit inputs; declare the graph input "
                  + "as the same-width signed type, whose bits the server passes through)";
          default -> "";
        };
    return kind
        + " '"
        + name
        + "' is "
        + declared
        + " in config.pbtxt but "
        + info.onnxType
        + " in the ONNX model"
        + hint;
  }

  private static void checkDims(
      Path configFile, String kind, String name, List<Long> dims, int batchDims, long[] onnxShape)
      throws ModelConfigException {
    if (onnxShape.length != dims.size() + batchDims) {
      throw new ModelConfigException(
          configFile,
          kind
              + " '"
              + name
              + "' has dims "
              + dims
              + (batchDims == 1 ? " plus the batch dimension" : "")
              + " but the ONNX model's shape is "
              + Arrays.toString(onnxShape));
    }
    for (int i = 0; i < dims.size(); i++) {
      long declared = dims.get(i);
      long actual = onnxShape[i + batchDims];
      if (declared != -1 && actual > 0 && declared != actual) {
        throw new ModelConfigException(
            configFile,
            kind
                + " '"
                + name
                + "' has dims "
                + dims
                + " but the ONNX model's shape is "
                + Arrays.toString(onnxShape));
      }
    }
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      // Closing releases native memory; a failure here leaves nothing for the caller to do.
    }
  }
}
