package dev.tributary.triton.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.triton.client.InferRequest;
import dev.tributary.triton.client.InferResult;
import dev.tributary.triton.protocol.ModelInferResponse;
import dev.tributary.triton.tensor.ElementType;
import dev.tributary.triton.tensor.Tensor;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes of infer messages as the protobuf encoding of Triton's field numbers gives them,
 * written out by hand (tag = field number << 3 | wire type 2 for strings, bytes, messages and
 * packed repeated numbers). A changed field number or type in grpc_service.proto fails here.
 */
class GoldenWireBytesTest {

  private static final HexFormat HEX = HexFormat.of();

  /**
   *
   *
   * <pre>
   * 0a 01 "m"                     model_name = 1
   * 12 01 "2"                     model_version = 2
   * 1a 01 "r"                     id = 3
   * 2a 0d                         inputs = 5 (13 bytes)
   *    0a 01 "x"                    name = 1
   *    12 04 "FP32"                 datatype = 2
   *    1a 02 01 02                  shape = 3, packed [1, 2]
   * 32 03                         outputs = 6 (3 bytes)
   *    0a 01 "y"                    name = 1
   * 3a 08 0000803f 00000040       raw_input_contents = 7: 1.0f, 2.0f little-endian
   * </pre>
   */
  private static final String REQUEST =
      "0a016d"
          + "120132"
          + "1a0172"
          + "2a0d"
          + "0a0178"
          + "120446503332"
          + "1a020102"
          + "3203"
          + "0a0179"
          + "3a08"
          + "0000803f"
          + "00000040";

  /**
   *
   *
   * <pre>
   * 0a 01 "m"  12 01 "2"  1a 01 "r"           model_name, model_version, id
   * 2a 0d                                      outputs = 5 (13 bytes)
   *    0a 01 "y"  12 05 "BYTES"  1a 01 02        name, datatype, shape [2]
   * 32 0a                                      raw_output_contents = 6 (10 bytes)
   *    00000000                                  element 0: length 0, ""
   *    02000000 c3a9                             element 1: length 2, "é" in UTF-8
   * </pre>
   */
  private static final String RESPONSE =
      "0a016d"
          + "120132"
          + "1a0172"
          + "2a0d"
          + "0a0179"
          + "12054259544553"
          + "1a0102"
          + "320a"
          + "00000000"
          + "02000000c3a9";

  @Test
  void inferRequestEncodesToThePinnedBytes() {
    InferRequest request =
        InferRequest.builder("m")
            .version("2")
            .id("r")
            .input(Tensor.ofFp32s("x", new long[] {1, 2}, 1.0f, 2.0f))
            .output("y")
            .build();
    assertEquals(REQUEST, HEX.formatHex(request.toProto().toByteArray()));
  }

  @Test
  void inferResponseEncodesToThePinnedBytes() {
    ModelInferResponse.Builder response =
        ModelInferResponse.newBuilder().setModelName("m").setModelVersion("2").setId("r");
    TensorMessages.addRawOutputs(response, List.of(Tensor.ofStrings("y", new long[] {2}, "", "é")));
    assertEquals(RESPONSE, HEX.formatHex(response.build().toByteArray()));
  }

  @Test
  void aResponseBuiltByHandInTheRawLayoutDecodes() throws Exception {
    InferResult result =
        InferResult.fromProto(ModelInferResponse.parseFrom(HEX.parseHex(RESPONSE)));
    assertEquals("m", result.model());
    assertEquals("2", result.version());
    assertEquals("r", result.id());
    Tensor y = result.output("y");
    assertEquals(ElementType.BYTES, y.type());
    assertArrayEquals(new long[] {2}, y.shape());
    assertEquals(List.of("", "é"), y.asStrings());
  }

  @Test
  void aHandBuiltFp16AndInt64ResponseDecodes() throws Exception {
    // outputs: "h" FP16 [3] = 1.0, -inf, NaN; "i" INT64 [1] = -2; raw contents in output order.
    String hex =
        "2a0c"
            + "0a0168"
            + "120446503136"
            + "1a0103"
            + "2a0d"
            + "0a0169"
            + "1205494e543634"
            + "1a0101"
            + "3206"
            + "003c"
            + "00fc"
            + "007e"
            + "3208"
            + "feffffffffffffff";
    InferResult result = InferResult.fromProto(ModelInferResponse.parseFrom(HEX.parseHex(hex)));
    float[] h = result.output("h").asFloats();
    assertEquals(1.0f, h[0]);
    assertEquals(Float.NEGATIVE_INFINITY, h[1]);
    assertTrue(Float.isNaN(h[2]));
    assertArrayEquals(new long[] {-2}, result.output("i").asInt64s());
  }

  @Test
  void typedOutputContentsAreReadWhenThereAreNoRawContents() throws Exception {
    // outputs: "p" FP32 [2] with contents = 5 { fp32_contents = 6 packed: 0.25, 0.75 }
    String hex = "2a18" + "0a0170" + "120446503332" + "1a0102" + "2a0a" + "32080000803e0000403f";
    InferResult result = InferResult.fromProto(ModelInferResponse.parseFrom(HEX.parseHex(hex)));
    assertArrayEquals(new float[] {0.25f, 0.75f}, result.output("p").asFloats());
  }
}
