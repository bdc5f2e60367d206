package dev.tributary.triton.models;

import ai.onnx.proto.OnnxMl;

/**
 * Puts feature preprocessing into the ONNX graph itself, so that Triton, the local server and any
 * other ONNX runtime take raw feature values: missing values (NaN) become the training mean, then
 * every column is standardized with the training mean and scale.
 *
 * <pre>
 *   input ─► IsNaN ─► Where(missing, mean, input) ─► Sub(mean) ─► Div(scale) ─► original graph
 * </pre>
 */
public final class InputStandardization {

  private static final String PREFIX = "tributary_";

  private InputStandardization() {}

  public static OnnxMl.ModelProto wrap(OnnxMl.ModelProto model, float[] mean, float[] scale) {
    OnnxMl.GraphProto graph = model.getGraph();
    if (graph.getInputCount() != 1) {
      throw new IllegalArgumentException(
          "expected a graph with one input, found " + graph.getInputCount());
    }
    String input = graph.getInput(0).getName();
    String missing = PREFIX + "missing";
    String imputed = PREFIX + "imputed";
    String centered = PREFIX + "centered";
    String scaled = PREFIX + "scaled";
    String meanName = PREFIX + "feature_mean";
    String scaleName = PREFIX + "feature_scale";

    OnnxMl.GraphProto.Builder out =
        graph.toBuilder()
            .clearNode()
            .addInitializer(vector(meanName, mean))
            .addInitializer(vector(scaleName, scale))
            .addNode(node("IsNaN", PREFIX + "is_nan", missing, input))
            .addNode(node("Where", PREFIX + "impute", imputed, missing, meanName, input))
            .addNode(node("Sub", PREFIX + "center", centered, imputed, meanName))
            .addNode(node("Div", PREFIX + "scale", scaled, centered, scaleName));
    for (OnnxMl.NodeProto original : graph.getNodeList()) {
      OnnxMl.NodeProto.Builder rewired = original.toBuilder();
      for (int i = 0; i < rewired.getInputCount(); i++) {
        if (rewired.getInput(i).equals(input)) {
          rewired.setInput(i, scaled);
        }
      }
      out.addNode(rewired);
    }
    return model.toBuilder().setGraph(out).build();
  }

  private static OnnxMl.NodeProto node(String op, String name, String output, String... inputs) {
    OnnxMl.NodeProto.Builder node =
        OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name).addOutput(output);
    for (String in : inputs) {
      node.addInput(in);
    }
    return node.build();
  }

  private static OnnxMl.TensorProto vector(String name, float[] values) {
    OnnxMl.TensorProto.Builder tensor =
        OnnxMl.TensorProto.newBuilder()
            .setName(name)
            .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
            .addDims(values.length);
    for (float value : values) {
      tensor.addFloatData(value);
    }
    return tensor.build();
  }
}
