package dev.tributary.triton.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.tributary.triton.protocol.ModelInferRequest;
import dev.tributary.triton.protocol.ModelInferResponse;
import dev.tributary.triton.tensor.ElementType;
import dev.tributary.triton.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves tensors in and out of ModelInferRequest/ModelInferResponse, the one place that knows the
 * pairing rule: the i-th raw contents entry belongs to the i-th tensor, and a message uses either
 * raw contents for all its tensors or typed contents for all of them.
 */
public final class TensorMessages {

  private TensorMessages() {}

  /** Adds the tensors as inputs with raw contents. */
  public static void addRawInputs(ModelInferRequest.Builder request, List<Tensor> inputs) {
    for (Tensor tensor : inputs) {
      request.addInputs(
          ModelInferRequest.InferInputTensor.newBuilder()
              .setName(tensor.name())
              .setDatatype(tensor.type().wireName())
              .addAllShape(shapeList(tensor.shape())));
      request.addRawInputContents(UnsafeByteOperations.unsafeWrap(tensor.rawBytes()));
    }
  }

  /** Reads the inputs of a request, whether their contents are raw or typed. */
  public static List<Tensor> inputs(ModelInferRequest request) {
    int rawCount = request.getRawInputContentsCount();
    if (rawCount > 0 && rawCount != request.getInputsCount()) {
      throw new IllegalArgumentException(
          "expected "
              + request.getInputsCount()
              + " raw_input_contents entries (one per input) but got "
              + rawCount);
    }
    List<Tensor> tensors = new ArrayList<>(request.getInputsCount());
    for (int i = 0; i < request.getInputsCount(); i++) {
      ModelInferRequest.InferInputTensor input = request.getInputs(i);
      ElementType type = ElementType.fromWireName(input.getDatatype());
      long[] shape = shapeArray(input.getShapeList());
      if (rawCount > 0) {
        if (input.hasContents()) {
          throw new IllegalArgumentException(
              "input '"
                  + input.getName()
                  + "' has typed contents although the request uses raw_input_contents");
        }
        tensors.add(
            Tensor.fromRaw(
                input.getName(), type, shape, request.getRawInputContents(i).toByteArray()));
      } else {
        tensors.add(TypedContents.toTensor(input.getName(), type, shape, input.getContents()));
      }
    }
    return tensors;
  }

  /** Adds the tensors as outputs with raw contents, as Triton answers. */
  public static void addRawOutputs(ModelInferResponse.Builder response, List<Tensor> outputs) {
    for (Tensor tensor : outputs) {
      response.addOutputs(
          ModelInferResponse.InferOutputTensor.newBuilder()
              .setName(tensor.name())
              .setDatatype(tensor.type().wireName())
              .addAllShape(shapeList(tensor.shape())));
      response.addRawOutputContents(UnsafeByteOperations.unsafeWrap(tensor.rawBytes()));
    }
  }

  /** Reads the outputs of a response, from {@code raw_output_contents} when present, else typed. */
  public static List<Tensor> outputs(ModelInferResponse response) {
    int rawCount = response.getRawOutputContentsCount();
    if (rawCount > 0 && rawCount != response.getOutputsCount()) {
      throw new IllegalArgumentException(
          "expected "
              + response.getOutputsCount()
              + " raw_output_contents entries (one per output) but got "
              + rawCount);
    }
    List<Tensor> tensors = new ArrayList<>(response.getOutputsCount());
    for (int i = 0; i < response.getOutputsCount(); i++) {
      ModelInferResponse.InferOutputTensor output = response.getOutputs(i);
      ElementType type = ElementType.fromWireName(output.getDatatype());
      long[] shape = shapeArray(output.getShapeList());
      if (rawCount > 0) {
        ByteString raw = response.getRawOutputContents(i);
        tensors.add(Tensor.fromRaw(output.getName(), type, shape, raw.toByteArray()));
      } else {
        tensors.add(TypedContents.toTensor(output.getName(), type, shape, output.getContents()));
      }
    }
    return tensors;
  }

  public static List<Long> shapeList(long[] shape) {
    List<Long> list = new ArrayList<>(shape.length);
    for (long dim : shape) {
      list.add(dim);
    }
    return list;
  }

  public static long[] shapeArray(List<Long> shape) {
    long[] array = new long[shape.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = shape.get(i);
    }
    return array;
  }
}
