package dev.tributary.triton.testing;

import ai.onnx.proto.OnnxMl;
import dev.tributary.triton.tensor.ElementType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tiny ONNX models written as ONNX protobuf (ModelProto, IR 8, opset 13) for tests: an Identity
 * graph per element type and a two-input Add. Unsigned 16/32/64-bit types use the same-width signed
 * ONNX type, the carrier the local server feeds them as.
 */
public final class OnnxGraphs {

  private OnnxGraphs() {}

  /** {@code OUTPUT0 = Identity(INPUT0)}, both of rank {@code rank} with symbolic dimensions. */
  public static byte[] identity(ElementType type, int rank) {
    OnnxMl.TensorProto.DataType onnxType = onnxCarrier(type);
    OnnxMl.GraphProto graph =
        OnnxMl.GraphProto.newBuilder()
            .setName("identity_" + type.name().toLowerCase())
            .addNode(
                OnnxMl.NodeProto.newBuilder()
                    .setOpType("Identity")
                    .addInput("INPUT0")
                    .addOutput("OUTPUT0"))
            .addInput(valueInfo("INPUT0", onnxType, rank))
            .addOutput(valueInfo("OUTPUT0", onnxType, rank))
            .build();
    return model(graph);
  }

  /** {@code SUM = A + B} over FP32 tensors of shape [batch, width]. */
  public static byte[] addFp32(long width) {
    OnnxMl.TypeProto type =
        tensorType(
            OnnxMl.TensorProto.DataType.FLOAT, new String[] {"batch", null}, new long[] {0, width});
    OnnxMl.GraphProto graph =
        OnnxMl.GraphProto.newBuilder()
            .setName("add")
            .addNode(
                OnnxMl.NodeProto.newBuilder()
                    .setOpType("Add")
                    .addInput("A")
                    .addInput("B")
                    .addOutput("SUM"))
            .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("A").setType(type))
            .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("B").setType(type))
            .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("SUM").setType(type))
            .build();
    return model(graph);
  }

  public static void write(Path file, byte[] model) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, model);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] model(OnnxMl.GraphProto graph) {
    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("tributary-tests")
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
        .setGraph(graph)
        .build()
        .toByteArray();
  }

  private static OnnxMl.ValueInfoProto valueInfo(
      String name, OnnxMl.TensorProto.DataType type, int rank) {
    String[] symbols = new String[rank];
    for (int i = 0; i < rank; i++) {
      symbols[i] = "d" + i;
    }
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(tensorType(type, symbols, new long[rank]))
        .build();
  }

  private static OnnxMl.TypeProto tensorType(
      OnnxMl.TensorProto.DataType type, String[] symbols, long[] fixed) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    for (int i = 0; i < symbols.length; i++) {
      shape.addDim(
          symbols[i] != null
              ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(symbols[i])
              : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(fixed[i]));
    }
    return OnnxMl.TypeProto.newBuilder()
        .setTensorType(
            OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))
        .build();
  }

  private static OnnxMl.TensorProto.DataType onnxCarrier(ElementType type) {
    return switch (type) {
      case BOOL -> OnnxMl.TensorProto.DataType.BOOL;
      case UINT8 -> OnnxMl.TensorProto.DataType.UINT8;
      case INT8 -> OnnxMl.TensorProto.DataType.INT8;
      case INT16, UINT16 -> OnnxMl.TensorProto.DataType.INT16;
      case INT32, UINT32 -> OnnxMl.TensorProto.DataType.INT32;
      case INT64, UINT64 -> OnnxMl.TensorProto.DataType.INT64;
      case FP16 -> OnnxMl.TensorProto.DataType.FLOAT16;
      case BF16 -> OnnxMl.TensorProto.DataType.BFLOAT16;
      case FP32 -> OnnxMl.TensorProto.DataType.FLOAT;
      case FP64 -> OnnxMl.TensorProto.DataType.DOUBLE;
      case BYTES -> OnnxMl.TensorProto.DataType.STRING;
    };
  }
}
