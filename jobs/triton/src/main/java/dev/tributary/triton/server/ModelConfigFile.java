package dev.tributary.triton.server;

import com.google.protobuf.TextFormat;
import dev.tributary.triton.protocol.DataType;
import dev.tributary.triton.protocol.ModelConfig;
import dev.tributary.triton.protocol.ModelDynamicBatching;
import dev.tributary.triton.protocol.ModelInput;
import dev.tributary.triton.protocol.ModelOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a model's {@code config.pbtxt}: the protobuf text format of ModelConfig, parsed strictly
 * (an unknown field is an error, as in Triton), then checked for what the local server needs. Every
 * error names the file, and the line and column when the parser knows them.
 */
public final class ModelConfigFile {

  /** Triton's platform name for ONNX models, reported in model metadata. */
  public static final String ONNX_PLATFORM = "onnxruntime_onnx";

  private static final String ONNX_BACKEND = "onnxruntime";
  private static final Pattern UNKNOWN_FIELD =
      Pattern.compile("(\\d+:\\d+):\\s*([\\w.]+)\\.(\\w+)");

  private ModelConfigFile() {}

  /**
   * Parses and checks {@code <modelDir>/config.pbtxt}. A missing {@code name} becomes the folder
   * name, and a missing platform/backend becomes ONNX Runtime's, as Triton fills them in.
   */
  public static ModelConfig read(Path modelDir) throws ModelConfigException {
    Path file = modelDir.resolve("config.pbtxt");
    String modelName = modelDir.getFileName().toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ModelConfigException(file, "cannot read the model configuration (" + e + ")", e);
    }
    ModelConfig.Builder builder = ModelConfig.newBuilder();
    try {
      TextFormat.getParser().merge(text, builder);
    } catch (TextFormat.ParseException e) {
      throw new ModelConfigException(file, describe(e), e);
    }
    if (builder.getName().isEmpty()) {
      builder.setName(modelName);
    } else if (!builder.getName().equals(modelName)) {
      throw new ModelConfigException(
          file,
          "name '"
              + builder.getName()
              + "' differs from the model folder '"
              + modelName
              + "'; they must be equal");
    }
    if (builder.getPlatform().isEmpty() && builder.getBackend().isEmpty()) {
      builder.setPlatform(ONNX_PLATFORM).setBackend(ONNX_BACKEND);
    }
    ModelConfig config = builder.build();
    check(file, config);
    return config;
  }

  private static void check(Path file, ModelConfig config) throws ModelConfigException {
    boolean onnxPlatform =
        config.getPlatform().isEmpty() || config.getPlatform().equals(ONNX_PLATFORM);
    boolean onnxBackend = config.getBackend().isEmpty() || config.getBackend().equals(ONNX_BACKEND);
    if (!onnxPlatform || !onnxBackend) {
      throw new ModelConfigException(
          file,
          "platform '"
              + config.getPlatform()
              + "' / backend '"
              + config.getBackend()
              + "' is not ONNX Runtime; the local server runs only '"
              + ONNX_PLATFORM
              + "' models");
    }
    if (config.getMaxBatchSize() < 0) {
      throw new ModelConfigException(
          file, "max_batch_size " + config.getMaxBatchSize() + " must be >= 0");
    }
    if (config.getInputCount() == 0 || config.getOutputCount() == 0) {
      throw new ModelConfigException(
          file,
          "declare every input and output (the local server does not "
              + "complete a config from the model): found "
              + config.getInputCount()
              + " inputs and "
              + config.getOutputCount()
              + " outputs");
    }
    Set<String> names = new HashSet<>();
    for (ModelInput input : config.getInputList()) {
      checkTensor(file, "input", input.getName(), input.getDataType(), input.getDimsList(), names);
    }
    names.clear();
    for (ModelOutput output : config.getOutputList()) {
      checkTensor(
          file, "output", output.getName(), output.getDataType(), output.getDimsList(), names);
    }
    if (config.hasDynamicBatching()) {
      checkDynamicBatching(file, config.getMaxBatchSize(), config.getDynamicBatching());
    }
    if (config.hasSequenceBatching() || config.hasEnsembleScheduling()) {
      throw new ModelConfigException(
          file,
          "sequence_batching and ensemble_scheduling are not supported "
              + "by the local server; use dynamic_batching or none");
    }
    if (config.getVersionPolicy().hasLatest()
        && config.getVersionPolicy().getLatest().getNumVersions() < 1) {
      throw new ModelConfigException(file, "version_policy latest needs num_versions >= 1");
    }
  }

  private static void checkTensor(
      Path file, String kind, String name, DataType type, List<Long> dims, Set<String> seen)
      throws ModelConfigException {
    if (name.isEmpty()) {
      throw new ModelConfigException(file, kind + " without a name");
    }
    if (!seen.add(name)) {
      throw new ModelConfigException(file, kind + " '" + name + "' is declared twice");
    }
    if (type == DataType.TYPE_INVALID || type == DataType.UNRECOGNIZED) {
      throw new ModelConfigException(
          file, kind + " '" + name + "' needs a data_type such as TYPE_FP32");
    }
    if (dims.isEmpty()) {
      throw new ModelConfigException(
          file, kind + " '" + name + "' needs dims (use [ 1 ] for one value per " + "batch row)");
    }
    for (long dim : dims) {
      if (dim == 0 || dim < -1) {
        throw new ModelConfigException(
            file,
            kind
                + " '"
                + name
                + "' has bad dims "
                + dims
                + ": each dimension must be positive, or -1 for a variable size");
      }
    }
  }

  private static void checkDynamicBatching(
      Path file, int maxBatchSize, ModelDynamicBatching batching) throws ModelConfigException {
    if (maxBatchSize == 0) {
      throw new ModelConfigException(file, "dynamic_batching needs max_batch_size > 0");
    }
    for (int preferred : batching.getPreferredBatchSizeList()) {
      if (preferred < 1 || preferred > maxBatchSize) {
        throw new ModelConfigException(
            file,
            "dynamic_batching preferred_batch_size "
                + preferred
                + " must be between 1 and max_batch_size "
                + maxBatchSize);
      }
    }
  }

  /**
   * "line:col: problem". Unknown fields come from the parser as a list ("Input contains unknown
   * fields...", then "7:1:\tinference.ModelConfig.max_batch_sise" per field); name each one.
   */
  private static String describe(TextFormat.ParseException e) {
    String[] lines = e.getMessage().split("\n");
    if (lines.length > 1 && lines[0].contains("unknown fields")) {
      StringBuilder out = new StringBuilder();
      for (int i = 1; i < lines.length; i++) {
        Matcher field = UNKNOWN_FIELD.matcher(lines[i].trim());
        if (field.matches()) {
          out.append(out.length() == 0 ? "" : "; ")
              .append(field.group(1))
              .append(": unknown field '")
              .append(field.group(3))
              .append("' in ")
              .append(field.group(2));
        }
      }
      if (out.length() > 0) {
        return out.toString();
      }
    }
    return e.getLine() + ":" + e.getColumn() + ": " + lines[0].replaceFirst("^\\d+:\\d+: ", "");
  }
}
