package dev.tributary.triton.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.tributary.triton.protocol.GRPCInferenceServiceGrpc;
import dev.tributary.triton.protocol.ModelConfig;
import dev.tributary.triton.protocol.ModelInferRequest;
import dev.tributary.triton.protocol.ModelMetadataResponse;
import dev.tributary.triton.protocol.ModelStatistics;
import dev.tributary.triton.protocol.ModelStreamInferResponse;
import dev.tributary.triton.protocol.RepositoryIndexResponse;
import dev.tributary.triton.server.LocalTritonServer;
import dev.tributary.triton.tensor.ElementType;
import dev.tributary.triton.tensor.Tensor;
import dev.tributary.triton.testing.OnnxGraphs;
import dev.tributary.triton.testing.RepositoryFolder;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against the local server: metadata, config, inference, repository control, errors. */
class LocalServerTest {

  private static final String ADD_CONFIG =
      "name: \"add\"\n"
          + "max_batch_size: 8\n"
          + "version_policy { specific { versions: [ 1, 3 ] } }\n"
          + "input [ { name: \"A\" data_type: TYPE_FP32 dims: [ 4 ] }, { name: \"B\" data_type: TYPE_FP32 dims: [ 4 ] } ]\n"
          + "output [ { name: \"SUM\" data_type: TYPE_FP32 dims: [ 4 ] } ]\n"
          + "instance_group [ { kind: KIND_CPU count: 1 } ]\n";

  @TempDir static Path repository;
  private static LocalTritonServer server;
  private static TritonClient client;

  @BeforeAll
  static void startServer() throws Exception {
    RepositoryFolder folder = new RepositoryFolder(repository);
    folder.config("add", ADD_CONFIG);
    for (long version = 1; version <= 3; version++) {
      folder.version("add", version, OnnxGraphs.addFp32(4));
    }
    folder.config(
        "latest_two",
        "max_batch_size: 8\nversion_policy { latest { num_versions: 2 } }\n"
            + "input [ { name: \"INPUT0\" data_type: TYPE_INT32 dims: [ -1 ] } ]\n"
            + "output [ { name: \"OUTPUT0\" data_type: TYPE_INT32 dims: [ -1 ] } ]\n");
    for (long version = 1; version <= 3; version++) {
      folder.version("latest_two", version, OnnxGraphs.identity(ElementType.INT32, 2));
    }
    // One worker that waits (ten minutes at most) until four rows are queued: four concurrent
    // one-row requests always make exactly one batch, however slow the machine.
    folder.identity(
        ElementType.FP32,
        "instance_group [ { count: 1 } ]\n"
            + "dynamic_batching { max_queue_delay_microseconds: 600000000 preferred_batch_size: [ 4 ] }\n");
    server = LocalTritonServer.start(repository, 0);
    client = TritonClient.builder().endpoint("127.0.0.1:" + server.port()).build();
  }

  @AfterAll
  static void stopServer() {
    client.close();
    server.close();
  }

  @Test
  void healthAndServerMetadata() {
    assertTrue(client.serverLive());
    assertTrue(client.serverReady());
    assertEquals("tributary-local-triton", client.serverMetadata().getName());
    assertTrue(client.serverMetadata().getExtensionsList().contains("model_repository"));
  }

  @Test
  void modelMetadataListsLoadedVersionsAndBatchedShapes() {
    ModelMetadataResponse metadata = client.modelMetadata("add", "");
    assertEquals("add", metadata.getName());
    assertEquals(List.of("1", "3"), metadata.getVersionsList(), "version_policy specific [1, 3]");
    assertEquals("onnxruntime_onnx", metadata.getPlatform());
    assertEquals(
        List.of("A", "B"),
        metadata.getInputsList().stream()
            .map(ModelMetadataResponse.TensorMetadata::getName)
            .toList());
    assertEquals("FP32", metadata.getInputs(0).getDatatype());
    assertEquals(List.of(-1L, 4L), metadata.getInputs(0).getShapeList());
    assertEquals(
        List.of("2", "3"),
        client.modelMetadata("latest_two", "").getVersionsList(),
        "latest 2 of 3");
  }

  @Test
  void modelConfigIsTheParsedConfigPbtxt() {
    ModelConfig config = client.modelConfig("add", "3");
    assertEquals(8, config.getMaxBatchSize());
    assertEquals(List.of(1L, 3L), config.getVersionPolicy().getSpecific().getVersionsList());
    assertEquals("onnxruntime_onnx", config.getPlatform());
    assertEquals(2, config.getInputCount());
  }

  @Test
  void inferenceEqualsOnnxRuntimeRunDirectlyAndReportsTheServedVersion() throws Exception {
    Random random = new Random(42);
    float[] a = new float[3 * 4];
    float[] b = new float[3 * 4];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) random.nextGaussian();
      b[i] = (float) random.nextGaussian();
    }
    long[] shape = {3, 4};
    InferResult latest =
        client.infer(
            InferRequest.builder("add")
                .id("req-7")
                .input(Tensor.ofFp32s("A", shape, a))
                .input(Tensor.ofFp32s("B", shape, b))
                .build());
    assertEquals("3", latest.version(), "no version asked: the highest loaded one serves");
    assertEquals("req-7", latest.id());
    InferResult first =
        client.infer(
            InferRequest.builder("add")
                .version(1)
                .input(Tensor.ofFp32s("B", shape, b))
                .input(Tensor.ofFp32s("A", shape, a))
                .build());
    assertEquals("1", first.version());

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(repository.resolve("add/1/model.onnx").toString());
        OnnxTensor ta = OnnxTensor.createTensor(env, FloatBuffer.wrap(a), shape);
        OnnxTensor tb = OnnxTensor.createTensor(env, FloatBuffer.wrap(b), shape);
        OrtSession.Result direct = session.run(Map.of("A", ta, "B", tb))) {
      float[] expected = new float[a.length];
      ((OnnxTensor) direct.get("SUM").orElseThrow()).getFloatBuffer().get(expected);
      assertArrayEquals(expected, first.output("SUM").asFloats());
      assertArrayEquals(expected, latest.output("SUM").asFloats());
    }
  }

  @Test
  void aVersionNotLoadedIsNotFound() {
    TritonException e =
        assertThrows(
            TritonException.class,
            () -> client.infer(addRequest(new long[] {1, 4}).version(2).build()));
    assertEquals(Status.Code.NOT_FOUND, e.code());
    assertEquals("add", e.model());
    assertEquals("2", e.version());
    assertEquals(
        "Request for unknown model: 'add' version 2 is not found; loaded versions are [1, 3]",
        e.serverMessage());
    assertEquals(1, e.attempts(), "NOT_FOUND is not retried");
    assertFalse(client.modelReady("add", "2"));
    assertTrue(client.modelReady("add", "3"));
    TritonException unknown =
        assertThrows(TritonException.class, () -> client.modelMetadata("nope", ""));
    assertEquals(Status.Code.NOT_FOUND, unknown.code());
  }

  @Test
  void wrongShapesTypesAndNamesAreInvalidArgumentsInTritonsWords() {
    assertInvalid(
        addRequest(new long[] {1, 3}).version(1),
        "unexpected shape for input 'A' for model 'add'. Expected [-1,4], got [1,3]");
    assertInvalid(
        InferRequest.builder("add")
            .input(Tensor.ofFp64s("A", new long[] {1, 4}, new double[4]))
            .input(Tensor.ofFp32s("B", new long[] {1, 4}, new float[4])),
        "inference input 'A' data-type is 'FP64', but model 'add' expects 'FP32'");
    assertInvalid(
        InferRequest.builder("add").input(Tensor.ofFp32s("A", new long[] {1, 4}, new float[4])),
        "expected 2 inputs but got 1 inputs for model 'add'. Got input(s) ['A'], but missing required input(s) ['B']."
            + " Please provide all required input(s).");
    assertInvalid(
        addRequest(new long[] {1, 4}).input(Tensor.ofFp32s("C", new long[] {1, 4}, new float[4])),
        "unexpected inference input 'C' for model 'add'");
    assertInvalid(
        addRequest(new long[] {9, 4}), "inference request batch-size must be <= 8 for 'add'");
    assertInvalid(
        addRequest(new long[] {1, 4}).output("PRODUCT"),
        "unexpected inference output 'PRODUCT' for model 'add'");
  }

  @Test
  void statisticsCountRequestsExecutionsAndBatchSizes() {
    List<ModelStatistics> before = client.modelStatistics("add", "1");
    long count = before.get(0).getInferenceCount();
    client.infer(addRequest(new long[] {2, 4}).version(1).build());
    client.infer(addRequest(new long[] {5, 4}).version(1).build());
    ModelStatistics after = client.modelStatistics("add", "1").get(0);
    assertEquals("add", after.getName());
    assertEquals("1", after.getVersion());
    assertEquals(count + 7, after.getInferenceCount());
    assertTrue(after.getInferenceStats().getSuccess().getCount() >= 2);
    assertTrue(after.getInferenceStats().getComputeInfer().getNs() > 0);
    assertTrue(after.getBatchStatsList().stream().anyMatch(b -> b.getBatchSize() == 5));
    assertTrue(after.getLastInference() > 0);
    assertEquals(2, client.modelStatistics("add", "").size(), "one entry per loaded version");
  }

  @Test
  void dynamicBatchingMergesConcurrentRequestsAndSplitsTheirRows() {
    String model = RepositoryFolder.identityName(ElementType.FP32);
    long executionsBefore = client.modelStatistics(model, "1").get(0).getExecutionCount();
    List<CompletableFuture<InferResult>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(
          client.inferAsync(
              InferRequest.builder(model)
                  .input(Tensor.ofFp32s("INPUT0", new long[] {1, 3}, i, i + 0.5f, -i))
                  .build()));
    }
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(
          new float[] {i, i + 0.5f, -i}, calls.get(i).join().output("OUTPUT0").asFloats());
    }
    ModelStatistics stats = client.modelStatistics(model, "1").get(0);
    assertEquals(
        1, stats.getExecutionCount() - executionsBefore, "4 requests ran as one model execution");
    assertTrue(
        stats.getBatchStatsList().stream()
            .anyMatch(b -> b.getBatchSize() == 4 && b.getComputeInfer().getCount() >= 1),
        stats.getBatchStatsList().toString());
    assertTrue(stats.getInferenceStats().getQueue().getNs() > 0);
  }

  @Test
  void unloadAndLoadThroughTheRepositoryApi() throws Exception {
    client.unloadModel("latest_two");
    assertFalse(client.modelReady("latest_two", ""));
    TritonException unloaded =
        assertThrows(
            TritonException.class,
            () ->
                client.infer(
                    InferRequest.builder("latest_two")
                        .input(Tensor.ofInt32s("INPUT0", new long[] {1, 1}, 5))
                        .build()));
    assertEquals(Status.Code.UNAVAILABLE, unloaded.code());
    assertTrue(
        unloaded.serverMessage().contains("has no available versions"), unloaded.serverMessage());
    RepositoryIndexResponse.ModelIndex entry =
        client.repositoryIndex(false).stream()
            .filter(m -> m.getName().equals("latest_two"))
            .findFirst()
            .orElseThrow();
    assertEquals("UNAVAILABLE", entry.getState());
    assertFalse(
        client.repositoryIndex(true).stream().anyMatch(m -> m.getName().equals("latest_two")));

    client.loadModel("latest_two");
    assertTrue(client.modelReady("latest_two", "3"));
    assertEquals(
        "3",
        client
            .infer(
                InferRequest.builder("latest_two")
                    .input(Tensor.ofInt32s("INPUT0", new long[] {1, 1}, 5))
                    .build())
            .version());
  }

  @Test
  void aBrokenConfigFailsTheReloadNamingTheFileAndKeepsServing() throws Exception {
    Path config = repository.resolve("add/config.pbtxt");
    String good = Files.readString(config);
    Files.writeString(config, good + "max_batch_sise: 4\n");
    try {
      TritonException e = assertThrows(TritonException.class, () -> client.loadModel("add"));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
      assertTrue(
          e.serverMessage()
              .contains(
                  config.toString()
                      + ": 7:1: unknown field 'max_batch_sise' in inference.ModelConfig"),
          e.serverMessage());
      assertTrue(e.serverMessage().contains("max_batch_sise"), e.serverMessage());
      assertEquals(
          "3",
          client.infer(addRequest(new long[] {1, 4}).build()).version(),
          "old versions still serve");
    } finally {
      Files.writeString(config, good);
    }
  }

  @Test
  void streamingInferenceAnswersEachRequestAndReportsErrorsInStream() throws Exception {
    // Both requests are sent and the stream half-closed at once: the server must still answer both.
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    try {
      List<ModelStreamInferResponse> responses = new CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(1);
      StreamObserver<ModelInferRequest> requests =
          GRPCInferenceServiceGrpc.newStub(channel)
              .modelStreamInfer(
                  new StreamObserver<>() {
                    @Override
                    public void onNext(ModelStreamInferResponse response) {
                      responses.add(response);
                    }

                    @Override
                    public void onError(Throwable t) {
                      done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                      done.countDown();
                    }
                  });
      requests.onNext(addRequest(new long[] {1, 4}).version(1).id("good").build().toProto());
      requests.onNext(addRequest(new long[] {1, 5}).version(1).id("bad").build().toProto());
      requests.onCompleted();
      assertTrue(done.await(2, TimeUnit.MINUTES), "the stream ended (a guard against a hang)");
      assertEquals(2, responses.size());
      assertEquals(
          1, responses.stream().filter(r -> r.getInferResponse().getId().equals("good")).count());
      assertTrue(
          responses.stream()
              .anyMatch(
                  r ->
                      r.getErrorMessage()
                          .equals(
                              "unexpected shape for input 'A' for model 'add'. Expected [-1,4], got [1,5]")));
    } finally {
      channel.shutdownNow();
    }
  }

  private static InferRequest.Builder addRequest(long[] shape) {
    int n = (int) Tensor.elementCount(shape);
    return InferRequest.builder("add")
        .input(Tensor.ofFp32s("A", shape, new float[n]))
        .input(Tensor.ofFp32s("B", shape, new float[n]));
  }

  private static void assertInvalid(InferRequest.Builder request, String tritonMessage) {
    TritonException e = assertThrows(TritonException.class, () -> client.infer(request.build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code(), e.getMessage());
    assertEquals(tritonMessage, e.serverMessage());
    assertTrue(e.getMessage().startsWith("ModelInfer of model 'add' version "), e.getMessage());
  }
}
