package dev.tributary.triton.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.tributary.core.window.Seeds;
import dev.tributary.triton.protocol.GRPCInferenceServiceGrpc;
import dev.tributary.triton.protocol.InferTensorContents;
import dev.tributary.triton.protocol.ModelInferRequest;
import dev.tributary.triton.protocol.ModelInferResponse;
import dev.tributary.triton.server.LocalTritonServer;
import dev.tributary.triton.tensor.ElementType;
import dev.tributary.triton.tensor.Tensor;
import dev.tributary.triton.testing.RepositoryFolder;
import dev.tributary.triton.wire.TensorMessages;
import dev.tributary.triton.wire.TypedContents;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every datatype and several shapes go through the client, gRPC, the local server and an ONNX
 * Identity model, and must come back bit for bit (NaN payloads, -0 and subnormals included).
 */
class DatatypeRoundTripTest {

  /** Random rounds per datatype; round r uses seed base + r, which alone replays it. */
  private static final int ROUNDS = 5;

  private static final long SEED = Seeds.base();
  private static final long[][] SHAPES = {{1, 1}, {1, 7}, {3, 4}, {8, 2}, {2, 0}};

  @TempDir static Path repository;
  private static LocalTritonServer server;
  private static TritonClient client;

  @BeforeAll
  static void startServer() throws Exception {
    RepositoryFolder folder = new RepositoryFolder(repository);
    for (ElementType type : ElementType.values()) {
      folder.identity(type, "");
    }
    server = LocalTritonServer.start(repository, 0);
    client = TritonClient.builder().endpoint("127.0.0.1:" + server.port()).build();
  }

  @AfterAll
  static void stopServer() {
    client.close();
    server.close();
  }

  @ParameterizedTest
  @EnumSource(ElementType.class)
  void everyShapeComesBackBitForBit(ElementType type) {
    for (int round = 0; round < ROUNDS; round++) {
      long seed = SEED + round;
      Random random = new Random(seed ^ type.ordinal());
      for (long[] shape : SHAPES) {
        Tensor input = sample(type, shape, random);
        InferResult result =
            client.infer(
                InferRequest.builder(RepositoryFolder.identityName(type))
                    .input(input)
                    .output("OUTPUT0")
                    .build());
        assertEquals("1", result.version());
        assertEquals(
            input.withName("OUTPUT0"),
            result.output("OUTPUT0"),
            type + " shape " + Arrays.toString(shape) + " " + Seeds.replay(seed));
      }
    }
  }

  @Test
  void bytesWithEmptyAndMultiByteUtf8Strings() {
    String[] values = {"", "é", "日本語", "🙂 emoji", "", "ascii", "Ω≈ç√"};
    InferResult result =
        client.infer(
            InferRequest.builder("identity_bytes")
                .input(Tensor.ofStrings("INPUT0", new long[] {1, values.length}, values))
                .build());
    assertEquals(List.of(values), result.output("OUTPUT0").asStrings());
  }

  @Test
  void halfPrecisionSpecialValuesSurvive() {
    float[] specials = {
      Float.NaN,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      -0.0f,
      0.0f,
      0x1p-24f /* fp16 min subnormal */,
      65504f,
      0x1p-14f,
      0x1p-130f /* bf16 subnormal */,
      1f / 3
    };
    for (ElementType type : new ElementType[] {ElementType.FP16, ElementType.BF16}) {
      Tensor input =
          type == ElementType.FP16
              ? Tensor.ofFp16s("INPUT0", new long[] {1, specials.length}, specials)
              : Tensor.ofBf16s("INPUT0", new long[] {1, specials.length}, specials);
      float[] back =
          client
              .infer(InferRequest.builder(RepositoryFolder.identityName(type)).input(input).build())
              .output("OUTPUT0")
              .asFloats();
      assertTrue(Float.isNaN(back[0]), type + " NaN");
      assertEquals(Float.POSITIVE_INFINITY, back[1], type + " +inf");
      assertEquals(Float.NEGATIVE_INFINITY, back[2], type + " -inf");
      assertEquals(Float.floatToIntBits(-0.0f), Float.floatToIntBits(back[3]), type + " -0");
      assertEquals(Float.floatToIntBits(0.0f), Float.floatToIntBits(back[4]), type + " +0");
      if (type == ElementType.FP16) {
        assertEquals(0x1p-24f, back[5], "fp16 smallest subnormal");
        assertEquals(65504f, back[6], "fp16 largest finite");
      } else {
        assertEquals(0x1p-130f, back[8], "bf16 subnormal");
      }
      assertEquals(
          input.withName("OUTPUT0"),
          Tensor.fromRaw(
              "OUTPUT0",
              type,
              input.shape(),
              client
                  .infer(
                      InferRequest.builder(RepositoryFolder.identityName(type))
                          .input(input)
                          .build())
                  .output("OUTPUT0")
                  .rawBytes()));
    }
  }

  @Test
  void responsesLargerThanGrpcsDefault4MiBArriveAndASmallerLimitIsNotRetried() {
    float[] values = new float[8 * 150_000];
    Arrays.fill(values, 0.5f);
    InferRequest request =
        InferRequest.builder("identity_fp32")
            .input(Tensor.ofFp32s("INPUT0", new long[] {8, 150_000}, values))
            .build();
    assertEquals(
        values.length, client.infer(request).output("OUTPUT0").elementCount(), "4.8 MB each way");
    try (TritonClient small =
        TritonClient.builder()
            .endpoint("127.0.0.1:" + server.port())
            .maxInboundMessageBytes(4 * 1024 * 1024)
            .build()) {
      TritonException e = assertThrows(TritonException.class, () -> small.infer(request));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code(), e.getMessage());
      assertEquals(1, e.attempts(), "the size limit is not retried");
    }
  }

  @Test
  void theServerAlsoReadsTypedInputContents() {
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    try {
      Tensor input =
          Tensor.ofUint16s("INPUT0", new long[] {1, 3}, (short) 0, (short) 1, (short) 0xffff);
      ModelInferRequest request =
          ModelInferRequest.newBuilder()
              .setModelName("identity_uint16")
              .addInputs(
                  ModelInferRequest.InferInputTensor.newBuilder()
                      .setName("INPUT0")
                      .setDatatype("UINT16")
                      .addShape(1)
                      .addShape(3)
                      .setContents(TypedContents.fromTensor(input)))
              .build();
      ModelInferResponse response =
          GRPCInferenceServiceGrpc.newBlockingStub(channel).modelInfer(request);
      assertEquals(input.withName("OUTPUT0"), TensorMessages.outputs(response).get(0));
      assertEquals(
          InferTensorContents.getDefaultInstance(),
          response.getOutputs(0).getContents(),
          "the server answers in raw contents, as Triton does");
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void rawContentsOfTheWrongSizeAndBytesThatAreNotUtf8AreInvalidArguments() {
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    try {
      GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub =
          GRPCInferenceServiceGrpc.newBlockingStub(channel);
      ModelInferRequest shortRaw =
          ModelInferRequest.newBuilder()
              .setModelName("identity_fp32")
              .addInputs(
                  ModelInferRequest.InferInputTensor.newBuilder()
                      .setName("INPUT0")
                      .setDatatype("FP32")
                      .addShape(2)
                      .addShape(2))
              .addRawInputContents(ByteString.copyFrom(new byte[12]))
              .build();
      StatusRuntimeException size =
          assertThrows(StatusRuntimeException.class, () -> stub.modelInfer(shortRaw));
      assertEquals(Status.Code.INVALID_ARGUMENT, size.getStatus().getCode());
      assertEquals(
          "model 'identity_fp32' version 1: tensor 'INPUT0' of type FP32 and shape [2, 2] needs 16 raw bytes"
              + " but has 12",
          size.getStatus().getDescription());

      ModelInferRequest latin1 =
          ModelInferRequest.newBuilder()
              .setModelName("identity_bytes")
              .addInputs(
                  ModelInferRequest.InferInputTensor.newBuilder()
                      .setName("INPUT0")
                      .setDatatype("BYTES")
                      .addShape(1)
                      .addShape(1))
              .addRawInputContents(ByteString.copyFrom(new byte[] {1, 0, 0, 0, (byte) 0xe9}))
              .build();
      StatusRuntimeException bytes =
          assertThrows(StatusRuntimeException.class, () -> stub.modelInfer(latin1));
      assertEquals(Status.Code.INVALID_ARGUMENT, bytes.getStatus().getCode());
      assertTrue(
          bytes.getStatus().getDescription().contains("is not valid UTF-8"),
          bytes.getStatus().getDescription());
    } finally {
      channel.shutdownNow();
    }
  }

  private static Tensor sample(ElementType type, long[] shape, Random random) {
    int n = (int) Tensor.elementCount(shape);
    String name = "INPUT0";
    switch (type) {
      case BOOL:
        {
          boolean[] v = new boolean[n];
          for (int i = 0; i < n; i++) v[i] = random.nextBoolean();
          return Tensor.ofBools(name, shape, v);
        }
      case INT8:
      case UINT8:
        {
          byte[] v = new byte[n];
          random.nextBytes(v);
          if (n > 1) {
            v[0] = Byte.MIN_VALUE;
            v[1] = -1;
          }
          return type == ElementType.INT8
              ? Tensor.ofInt8s(name, shape, v)
              : Tensor.ofUint8s(name, shape, v);
        }
      case INT16:
      case UINT16:
        {
          short[] v = new short[n];
          for (int i = 0; i < n; i++) v[i] = (short) random.nextInt();
          if (n > 1) {
            v[0] = Short.MIN_VALUE;
            v[1] = -1;
          }
          return type == ElementType.INT16
              ? Tensor.ofInt16s(name, shape, v)
              : Tensor.ofUint16s(name, shape, v);
        }
      case INT32:
      case UINT32:
        {
          int[] v = random.ints(n).toArray();
          if (n > 1) {
            v[0] = Integer.MIN_VALUE;
            v[1] = -1;
          }
          return type == ElementType.INT32
              ? Tensor.ofInt32s(name, shape, v)
              : Tensor.ofUint32s(name, shape, v);
        }
      case INT64:
      case UINT64:
        {
          long[] v = random.longs(n).toArray();
          if (n > 1) {
            v[0] = Long.MIN_VALUE;
            v[1] = -1;
          }
          return type == ElementType.INT64
              ? Tensor.ofInt64s(name, shape, v)
              : Tensor.ofUint64s(name, shape, v);
        }
      case FP16:
      case BF16:
      case FP32:
        {
          float[] v = new float[n];
          float[] specials = {Float.NaN, -0.0f, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, 0x1p-24f};
          for (int i = 0; i < n; i++) {
            v[i] = i < specials.length ? specials[i] : (float) random.nextGaussian() * 1000;
          }
          return type == ElementType.FP16
              ? Tensor.ofFp16s(name, shape, v)
              : type == ElementType.BF16
                  ? Tensor.ofBf16s(name, shape, v)
                  : Tensor.ofFp32s(name, shape, v);
        }
      case FP64:
        {
          double[] v = new double[n];
          double[] specials = {Double.NaN, -0.0, Double.POSITIVE_INFINITY, Double.MIN_VALUE};
          for (int i = 0; i < n; i++) {
            v[i] = i < specials.length ? specials[i] : random.nextGaussian();
          }
          return Tensor.ofFp64s(name, shape, v);
        }
      case BYTES:
        {
          String[] pool = {"", "a", "é", "日本", "🙂", "tributary"};
          List<String> v = new ArrayList<>();
          for (int i = 0; i < n; i++) v.add(pool[random.nextInt(pool.length)]);
          return Tensor.ofStrings(name, shape, v.toArray(new String[0]));
        }
      default:
        throw new AssertionError(type);
    }
  }
}
