package dev.tributary.triton.client;

import dev.tributary.triton.protocol.ModelInferResponse;
import dev.tributary.triton.tensor.Tensor;
import dev.tributary.triton.wire.TensorMessages;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The answer to an inference call: which model version actually served it (read back from the
 * response, so a call that let the server choose still knows), the echoed id, and the outputs,
 * decoded from {@code raw_output_contents} or from typed contents, whichever the server used.
 */
public final class InferResult {

  private final String model;
  private final String version;
  private final String id;
  private final List<Tensor> outputs;

  private InferResult(String model, String version, String id, List<Tensor> outputs) {
    this.model = model;
    this.version = version;
    this.id = id;
    this.outputs = List.copyOf(outputs);
  }

  /**
   * @throws IllegalArgumentException when the response's contents do not fit its shapes and types
   */
  public static InferResult fromProto(ModelInferResponse response) {
    return new InferResult(
        response.getModelName(),
        response.getModelVersion(),
        response.getId(),
        TensorMessages.outputs(response));
  }

  public String model() {
    return model;
  }

  /** The version that served the request. */
  public String version() {
    return version;
  }

  public String id() {
    return id;
  }

  public List<Tensor> outputs() {
    return outputs;
  }

  /**
   * @throws IllegalArgumentException naming the outputs present when there is none by that name
   */
  public Tensor output(String name) {
    return outputs.stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "model '"
                        + model
                        + "' version '"
                        + version
                        + "' returned no output '"
                        + name
                        + "'; it returned "
                        + outputs.stream().map(Tensor::name).collect(Collectors.toList())));
  }
}
