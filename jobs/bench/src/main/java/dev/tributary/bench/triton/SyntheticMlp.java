package dev.tributary.bench.triton;

import ai.onnx.proto.OnnxMl;
import java.util.Random;

/**
 * A dense network with random weights ({@code input[N,in] -> 2 x (MatMul, Add, Relu) -> MatMul ->
 * output[N,2]}), written as ONNX protobuf: a model heavy enough per call that merging requests into
 * one matrix product pays, unlike the 11-weight flight_delay regression.
 */
final class SyntheticMlp {

  private SyntheticMlp() {}

  static byte[] build(int inputs, int hidden, long seed) {
    Random random = new Random(seed);
    OnnxMl.GraphProto.Builder graph =
        OnnxMl.GraphProto.newBuilder()
            .setName("synthetic_mlp")
            .addInput(tensor("input", inputs))
            .addOutput(tensor("output", 2));
    String previous = "input";
    int width = inputs;
    for (int layer = 0; layer < 2; layer++) {
      String weights = "w" + layer;
      String bias = "b" + layer;
      graph.addInitializer(matrix(weights, width, hidden, random));
      graph.addInitializer(matrix(bias, 1, hidden, random).toBuilder().clearDims().addDims(hidden));
      graph.addNode(node("MatMul", "mm" + layer, previous, weights));
      graph.addNode(node("Add", "add" + layer, "mm" + layer, bias));
      graph.addNode(node("Relu", "relu" + layer, "add" + layer));
      previous = "relu" + layer;
      width = hidden;
    }
    graph.addInitializer(matrix("w_out", width, 2, random));
    graph.addNode(node("MatMul", "output", previous, "w_out"));
    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("tributary-benchmark")
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
        .setGraph(graph)
        .build()
        .toByteArray();
  }

  private static OnnxMl.NodeProto node(String op, String output, String... inputs) {
    OnnxMl.NodeProto.Builder node =
        OnnxMl.NodeProto.newBuilder().setOpType(op).setName(output).addOutput(output);
    for (String input : inputs) {
      node.addInput(input);
    }
    return node.build();
  }

  private static OnnxMl.ValueInfoProto tensor(String name, int width) {
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            OnnxMl.TypeProto.newBuilder()
                .setTensorType(
                    OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .setShape(
                            OnnxMl.TensorShapeProto.newBuilder()
                                .addDim(
                                    OnnxMl.TensorShapeProto.Dimension.newBuilder()
                                        .setDimParam("batch"))
                                .addDim(
                                    OnnxMl.TensorShapeProto.Dimension.newBuilder()
                                        .setDimValue(width)))))
        .build();
  }

  private static OnnxMl.TensorProto matrix(String name, int rows, int columns, Random random) {
    OnnxMl.TensorProto.Builder tensor =
        OnnxMl.TensorProto.newBuilder()
            .setName(name)
            .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
            .addDims(rows)
            .addDims(columns);
    for (int i = 0; i < rows * columns; i++) {
      tensor.addFloatData((float) (random.nextGaussian() / Math.sqrt(rows)));
    }
    return tensor.build();
  }
}
