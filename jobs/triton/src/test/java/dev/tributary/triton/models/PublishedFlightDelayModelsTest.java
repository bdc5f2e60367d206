package dev.tributary.triton.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.monitor.serving.TrainingReference;
import dev.tributary.core.training.FeatureBaseline;
import dev.tributary.triton.client.InferRequest;
import dev.tributary.triton.client.InferResult;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.protocol.ModelConfig;
import dev.tributary.triton.server.LocalTritonServer;
import dev.tributary.triton.server.ModelConfigFile;
import dev.tributary.triton.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The committed triton-models/ repository: valid config, both versions served, same answers as ONNX
 * Runtime.
 */
class PublishedFlightDelayModelsTest {

  private static final Path ROOT = Paths.get(System.getProperty("tributary.repo.root", "../.."));
  private static final Path REPOSITORY = ROOT.resolve("triton-models");

  /** The model's inputs as feature-defs/models.yaml declares them, in order. */
  private static final List<String> INPUTS =
      FeatureRepository.load(ROOT.resolve("feature-defs"))
          .model("flight_delay")
          .orElseThrow()
          .inputs()
          .stream()
          .map(FeatureRef::qualifiedName)
          .toList();

  @Test
  void configIsValidAndEveryVersionHasMetadataInFeatureOrder() throws Exception {
    ModelConfig config = ModelConfigFile.read(REPOSITORY.resolve("flight_delay"));
    assertTrue(config.getVersionPolicy().hasAll());
    assertTrue(config.hasDynamicBatching());
    assertEquals(List.of((long) INPUTS.size()), config.getInput(0).getDimsList());
    List<String> kinds = new ArrayList<>();
    List<Long> snapshots = new ArrayList<>();
    for (String version : List.of("1", "2")) {
      JsonNode metadata =
          new ObjectMapper()
              .readTree(
                  REPOSITORY
                      .resolve("flight_delay")
                      .resolve(version)
                      .resolve("metadata.json")
                      .toFile());
      List<String> features = new ArrayList<>();
      metadata.get("input").get("features").forEach(f -> features.add(f.asText()));
      assertEquals(INPUTS, features);
      List<String> classes = new ArrayList<>();
      metadata.get("output").get("classes").forEach(c -> classes.add(c.asText()));
      assertEquals(
          List.of("on_time", "late"), classes, "the positive class last, as the monitor reads it");
      assertTrue(metadata.get("held_out_metrics").get("auc_late").asDouble() > 0.65);
      JsonNode lineage = metadata.get("lineage");
      assertEquals("training.flight_delay", lineage.path("training_table").asText(), "" + lineage);
      assertTrue(lineage.path("training_snapshot_id").isIntegralNumber(), "" + lineage);
      assertTrue(
          lineage.path("train_rows").asInt() > 100_000
              && lineage.path("test_rows").asInt() > 10_000,
          "trained on most of the sample, the last days held out: " + lineage);
      assertTrue(lineage.path("training_rows_from").isMissingNode(), "the old trainer's lineage");
      snapshots.add(lineage.path("training_snapshot_id").asLong());
      kinds.add(metadata.get("kind").asText());
      assertTrue(
          Files.size(REPOSITORY.resolve("flight_delay").resolve(version).resolve("model.onnx"))
              < 64 * 1024);
    }
    assertEquals(
        List.of("logistic_regression", "factorization_machine"),
        kinds,
        "two versions of different kinds");
    assertEquals(snapshots.get(0), snapshots.get(1), "both versions from one training snapshot");
  }

  /**
   * What the monitor job compares each committed version with: its held-out AUC and the
   * distribution of its scores on the held-out rows ({@code score_baseline}, for score drift). A
   * version published without it (an older trainer) fails here: regenerate the versions as
   * docs/triton.md says.
   */
  @Test
  void everyVersionHasItsHeldOutAucAndScoreBaseline() throws Exception {
    Map<String, TrainingReference> references =
        TrainingReference.readAll(REPOSITORY, "flight_delay");
    assertEquals(List.of("1", "2"), new ArrayList<>(references.keySet()));
    for (TrainingReference reference : references.values()) {
      String version = "version " + reference.version();
      assertTrue(reference.heldOutAuc() != null && reference.heldOutAuc() > 0.65, version);
      FeatureBaseline scores = reference.scoreBaseline();
      assertTrue(scores != null, version + " has no score_baseline: regenerate (docs/triton.md)");
      JsonNode lineage =
          new ObjectMapper()
              .readTree(
                  REPOSITORY
                      .resolve("flight_delay")
                      .resolve(reference.version())
                      .resolve("metadata.json")
                      .toFile())
              .get("lineage");
      assertEquals(
          lineage.path("test_rows").asLong(), scores.count(), "one score per held-out row");
      assertEquals(0, scores.nulls(), version);
      assertEquals(TrainingReference.SCORE_BINS + 1, scores.edges().length, version);
      assertEquals(scores.count(), java.util.Arrays.stream(scores.counts()).sum(), version);
      assertTrue(scores.sketch() != null, version + ": the KLL sketch, for KS");
      assertTrue(scores.edges()[0] >= 0 && scores.edges()[scores.edges().length - 1] <= 1, version);
    }
  }

  @Test
  void eachVersionAnswersThroughTheLocalServerAsOnnxRuntimeDoesDirectly() throws Exception {
    int width = INPUTS.size();
    int rows = 16;
    Random random = new Random(11);
    float[] features = new float[rows * width];
    for (int i = 0; i < features.length; i++) {
      features[i] =
          random.nextInt(10) == 0 ? Float.NaN : (float) Math.abs(random.nextGaussian() * 20);
    }
    long[] shape = {rows, width};
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (LocalTritonServer server = LocalTritonServer.start(REPOSITORY, 0);
        TritonClient client =
            TritonClient.builder().endpoint("127.0.0.1:" + server.port()).build()) {
      assertEquals(List.of("1", "2"), client.modelMetadata("flight_delay", "").getVersionsList());
      for (String version : List.of("1", "2")) {
        InferResult result =
            client.infer(
                InferRequest.builder("flight_delay")
                    .version(version)
                    .input(Tensor.ofFp32s("input", shape, features))
                    .build());
        assertEquals(version, result.version());
        float[] served = result.output("output").asFloats();
        try (OrtSession session =
                env.createSession(
                    REPOSITORY.resolve("flight_delay/" + version + "/model.onnx").toString());
            OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(features), shape);
            OrtSession.Result direct = session.run(Map.of("input", input))) {
          float[] expected = new float[rows * 2];
          ((OnnxTensor) direct.get("output").orElseThrow()).getFloatBuffer().get(expected);
          assertArrayEquals(expected, served, 1e-6f, "version " + version);
        }
        for (int r = 0; r < rows; r++) {
          assertEquals(1.0, served[2 * r] + served[2 * r + 1], 1e-5);
        }
      }
    }
  }
}
