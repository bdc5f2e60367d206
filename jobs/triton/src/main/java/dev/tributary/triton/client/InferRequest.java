package dev.tributary.triton.client;

import dev.tributary.triton.protocol.ModelInferRequest;
import dev.tributary.triton.tensor.Tensor;
import dev.tributary.triton.wire.TensorMessages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One inference call: the model, an explicit version (or empty to let the server's version policy
 * choose), input tensors sent as raw contents, the outputs wanted (empty for all), and an optional
 * deadline overriding the client's default.
 */
public final class InferRequest {

  private final String model;
  private final String version;
  private final String id;
  private final List<Tensor> inputs;
  private final List<String> outputs;
  private final Duration deadline;

  private InferRequest(Builder builder) {
    this.model = builder.model;
    this.version = builder.version;
    this.id = builder.id;
    this.inputs = List.copyOf(builder.inputs);
    this.outputs = List.copyOf(builder.outputs);
    this.deadline = builder.deadline;
  }

  public static Builder builder(String model) {
    return new Builder(model);
  }

  public String model() {
    return model;
  }

  public String version() {
    return version;
  }

  public String id() {
    return id;
  }

  public List<Tensor> inputs() {
    return inputs;
  }

  public List<String> outputs() {
    return outputs;
  }

  public Optional<Duration> deadline() {
    return Optional.ofNullable(deadline);
  }

  /** The protocol message, with every input in {@code raw_input_contents}. */
  public ModelInferRequest toProto() {
    ModelInferRequest.Builder out =
        ModelInferRequest.newBuilder().setModelName(model).setModelVersion(version).setId(id);
    TensorMessages.addRawInputs(out, inputs);
    for (String output : outputs) {
      out.addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(output));
    }
    return out.build();
  }

  /** Builds an {@link InferRequest}; {@link #build()} checks it has a model and inputs. */
  public static final class Builder {
    private final String model;
    private String version = "";
    private String id = "";
    private final List<Tensor> inputs = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private Duration deadline;

    private Builder(String model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /** The model version to run, e.g. "2"; unset lets the server choose by its version policy. */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    public Builder version(long version) {
      return version(Long.toString(version));
    }

    /** A request id the server echoes in the response. */
    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    public Builder input(Tensor input) {
      inputs.add(Objects.requireNonNull(input, "input"));
      return this;
    }

    /** Asks for this output only (repeatable); without any, the server returns all outputs. */
    public Builder output(String name) {
      outputs.add(Objects.requireNonNull(name, "output"));
      return this;
    }

    /** Time budget for the call, retries included. */
    public Builder deadline(Duration deadline) {
      this.deadline = Objects.requireNonNull(deadline, "deadline");
      return this;
    }

    public InferRequest build() {
      if (model.isEmpty()) {
        throw new IllegalArgumentException("an inference request needs a model name");
      }
      if (inputs.isEmpty()) {
        throw new IllegalArgumentException(
            "an inference request for model '" + model + "' needs inputs");
      }
      if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
        throw new IllegalArgumentException("deadline must be positive, got " + deadline);
      }
      return new InferRequest(this);
    }
  }
}
