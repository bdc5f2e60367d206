package dev.tributary.triton.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.triton.protocol.ModelConfig;
import dev.tributary.triton.tensor.ElementType;
import dev.tributary.triton.testing.OnnxGraphs;
import dev.tributary.triton.testing.RepositoryFolder;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigFileTest {

  private static final String TENSORS =
      "input [ { name: \"INPUT0\" data_type: TYPE_FP32 dims: [ -1 ] } ]\n"
          + "output [ { name: \"OUTPUT0\" data_type: TYPE_FP32 dims: [ -1 ] } ]\n";

  @TempDir Path root;

  @Test
  void aValidConfigIsCompletedWithNameAndPlatform() throws Exception {
    RepositoryFolder folder =
        new RepositoryFolder(root)
            .config(
                "m",
                "max_batch_size: 4\n"
                    + TENSORS
                    + "dynamic_batching { max_queue_delay_microseconds: 100 preferred_batch_size: [ 2, 4 ] }\n"
                    + "instance_group [ { kind: KIND_CPU count: 2 } ]\n");
    ModelConfig config = ModelConfigFile.read(folder.root().resolve("m"));
    assertEquals("m", config.getName());
    assertEquals("onnxruntime_onnx", config.getPlatform());
    assertEquals(List.of(2, 4), config.getDynamicBatching().getPreferredBatchSizeList());
    assertEquals(100, config.getDynamicBatching().getMaxQueueDelayMicroseconds());
  }

  @Test
  void aConfigUsingMuchOfTritonsSchemaParses() throws Exception {
    new RepositoryFolder(root)
        .config(
            "m",
            String.join(
                "\n",
                "name: \"m\"",
                "platform: \"onnxruntime_onnx\"",
                "max_batch_size: 16",
                "version_policy { latest { num_versions: 2 } }",
                "input [ { name: \"INPUT0\" data_type: TYPE_FP16 format: FORMAT_NCHW dims: [ 3, 224, 224 ]",
                "          reshape { shape: [ 1, 3, 224, 224 ] } allow_ragged_batch: false optional: false } ]",
                "output [ { name: \"OUTPUT0\" data_type: TYPE_FP32 dims: [ 1000 ] label_filename: \"labels.txt\" } ]",
                "instance_group [ { name: \"gpu\" kind: KIND_GPU count: 2 gpus: [ 0, 1 ] },",
                "                 { kind: KIND_CPU count: 1 rate_limiter { resources [ { name: \"r\" count: 1 } ] priority: 2 } } ]",
                "dynamic_batching {",
                "  preferred_batch_size: [ 4, 8 ] max_queue_delay_microseconds: 100 preserve_ordering: true",
                "  priority_levels: 2 default_priority_level: 1",
                "  default_queue_policy { timeout_action: DELAY default_timeout_microseconds: 5000 max_queue_size: 64 }",
                "  priority_queue_policy { key: 2 value: { timeout_action: REJECT max_queue_size: 8 } }",
                "}",
                "optimization {",
                "  graph { level: 1 } priority: PRIORITY_MAX",
                "  cuda { graphs: true busy_wait_events: true output_copy_stream: true }",
                "  execution_accelerators { gpu_execution_accelerator: [ { name: \"tensorrt\"",
                "      parameters { key: \"precision_mode\" value: \"FP16\" } } ] }",
                "  input_pinned_memory { enable: true } output_pinned_memory { enable: false }",
                "}",
                "parameters { key: \"intra_op_thread_count\" value: { string_value: \"1\" } }",
                "model_warmup [ { name: \"zeros\" batch_size: 1 count: 2",
                "  inputs { key: \"INPUT0\" value: { data_type: TYPE_FP16 dims: [ 3, 224, 224 ] zero_data: true } } } ]",
                "response_cache { enable: true }",
                "model_transaction_policy { decoupled: false }",
                "metric_tags { key: \"team\" value: \"scoring\" }",
                ""));
    ModelConfig config = ModelConfigFile.read(root.resolve("m"));
    assertEquals(2, config.getInstanceGroupCount());
    assertEquals(64, config.getDynamicBatching().getDefaultQueuePolicy().getMaxQueueSize());
    assertEquals(
        "FP16",
        config
            .getOptimization()
            .getExecutionAccelerators()
            .getGpuExecutionAccelerator(0)
            .getParametersMap()
            .get("precision_mode"));
    assertEquals("1", config.getParametersMap().get("intra_op_thread_count").getStringValue());
    assertTrue(config.getModelWarmup(0).getInputsMap().get("INPUT0").getZeroData());
  }

  /**
   * Triton's ensemble configs set {@code max_inflight_requests}: the field parses under that name
   * and the load fails only because the local server runs no ensembles.
   */
  @Test
  void anEnsembleWrittenForTritonParsesByItsPublishedFieldNames() {
    new RepositoryFolder(root)
        .config(
            "m",
            "max_batch_size: 4\n"
                + TENSORS
                + "ensemble_scheduling { max_inflight_requests: 8 step [ { model_name: \"a\""
                + " model_version: -1 input_map { key: \"x\" value: \"INPUT0\" } } ] }\n");
    ModelConfigException e =
        assertThrows(ModelConfigException.class, () -> ModelConfigFile.read(root.resolve("m")));
    assertEquals(
        root.resolve("m/config.pbtxt")
            + ": sequence_batching and ensemble_scheduling are not supported by the local server;"
            + " use dynamic_batching or none",
        e.getMessage());
  }

  @Test
  void anUnknownFieldIsReportedWithFileLineAndColumn() {
    new RepositoryFolder(root)
        .config("m", "max_batch_size: 4\n" + TENSORS + "  max_queue_delay: 5\n");
    ModelConfigException e =
        assertThrows(ModelConfigException.class, () -> ModelConfigFile.read(root.resolve("m")));
    assertEquals(
        root.resolve("m/config.pbtxt")
            + ": 4:3: unknown field 'max_queue_delay' in inference.ModelConfig",
        e.getMessage());
    assertEquals(root.resolve("m/config.pbtxt"), e.file());
  }

  @Test
  void aSyntaxErrorOrUnknownEnumIsReportedWithItsPosition() {
    new RepositoryFolder(root).config("m", TENSORS.replace("TYPE_FP32 dims", "TYPE_FLOAT dims"));
    ModelConfigException e =
        assertThrows(ModelConfigException.class, () -> ModelConfigFile.read(root.resolve("m")));
    assertTrue(e.getMessage().startsWith(root.resolve("m/config.pbtxt") + ": 1:"), e.getMessage());
    assertTrue(e.getMessage().contains("TYPE_FLOAT"), e.getMessage());
  }

  @Test
  void badDimsAreRejected() {
    new RepositoryFolder(root)
        .config("m", TENSORS.replace("dims: [ -1 ] } ]\noutput", "dims: [ 4, 0 ] } ]\noutput"));
    ModelConfigException e =
        assertThrows(ModelConfigException.class, () -> ModelConfigFile.read(root.resolve("m")));
    assertEquals(
        root.resolve("m/config.pbtxt")
            + ": input 'INPUT0' has bad dims [4, 0]: each dimension must be "
            + "positive, or -1 for a variable size",
        e.getMessage());
    new RepositoryFolder(root)
        .config("m", TENSORS.replace("dims: [ -1 ] } ]\n", "dims: [ -2 ] } ]\n"));
    assertThrows(ModelConfigException.class, () -> ModelConfigFile.read(root.resolve("m")));
  }

  @Test
  void otherInconsistenciesNameTheFile() {
    new RepositoryFolder(root).config("m", "name: \"other\"\n" + TENSORS);
    assertTrue(
        assertThrows(ModelConfigException.class, () -> ModelConfigFile.read(root.resolve("m")))
            .getMessage()
            .endsWith(
                "config.pbtxt: name 'other' differs from the model folder 'm'; they must be equal"));
    new RepositoryFolder(root).config("m", TENSORS + "dynamic_batching { }\n");
    assertTrue(
        assertThrows(ModelConfigException.class, () -> ModelConfigFile.read(root.resolve("m")))
            .getMessage()
            .endsWith("config.pbtxt: dynamic_batching needs max_batch_size > 0"));
    new RepositoryFolder(root)
        .config(
            "m",
            "max_batch_size: 4\n" + TENSORS + "dynamic_batching { preferred_batch_size: [ 8 ] }\n");
    assertTrue(
        assertThrows(ModelConfigException.class, () -> ModelConfigFile.read(root.resolve("m")))
            .getMessage()
            .contains("preferred_batch_size 8 must be between 1 and max_batch_size 4"));
    new RepositoryFolder(root).config("m", "platform: \"tensorflow_savedmodel\"\n" + TENSORS);
    assertTrue(
        assertThrows(ModelConfigException.class, () -> ModelConfigFile.read(root.resolve("m")))
            .getMessage()
            .contains("is not ONNX Runtime"));
  }

  @Test
  void versionPoliciesSelectFromTheVersionFolders() throws Exception {
    new RepositoryFolder(root)
        .config("m", "version_policy { specific { versions: [ 1, 3 ] } }\n" + TENSORS);
    ModelConfig config = ModelConfigFile.read(root.resolve("m"));
    SortedSet<Long> present = new TreeSet<>(List.of(1L, 2L, 3L, 10L));
    assertEquals(
        new TreeSet<>(List.of(1L, 3L)),
        VersionSelection.select(config.getVersionPolicy(), present, root.resolve("m")));
    assertEquals(
        new TreeSet<>(List.of(10L)),
        VersionSelection.select(
            ModelConfig.getDefaultInstance().getVersionPolicy(), present, root.resolve("m")),
        "default: the latest one, compared as numbers");
    new RepositoryFolder(root)
        .config("m", "version_policy { latest { num_versions: 3 } }\n" + TENSORS);
    assertEquals(
        new TreeSet<>(List.of(2L, 3L, 10L)),
        VersionSelection.select(
            ModelConfigFile.read(root.resolve("m")).getVersionPolicy(),
            present,
            root.resolve("m")));
    new RepositoryFolder(root).config("m", "version_policy { all { } }\n" + TENSORS);
    assertEquals(
        present,
        VersionSelection.select(
            ModelConfigFile.read(root.resolve("m")).getVersionPolicy(),
            present,
            root.resolve("m")));
  }

  @Test
  void aMissingVersionFolderIsReportedWithTheFile() throws Exception {
    RepositoryFolder folder =
        new RepositoryFolder(root)
            .config(
                "m",
                "max_batch_size: 2\nversion_policy { specific { versions: [ 1, 2 ] } }\n" + TENSORS)
            .version("m", 1, OnnxGraphs.identity(ElementType.FP32, 2));
    ModelConfigException e =
        assertThrows(ModelConfigException.class, () -> LocalTritonServer.start(folder.root(), 0));
    assertEquals(
        root.resolve("m/config.pbtxt")
            + ": version_policy specific lists version 2 but there is no version "
            + "folder "
            + root.resolve("m/2")
            + " (present: [1])",
        e.getMessage());
  }

  @Test
  void aModelFolderWithoutVersionsOrModelFileFailsTheStart() {
    new RepositoryFolder(root).config("n", "max_batch_size: 2\n" + TENSORS);
    ModelConfigException none =
        assertThrows(ModelConfigException.class, () -> LocalTritonServer.start(root, 0));
    assertEquals(
        root.resolve("n") + ": no version folder (a sub-folder named 1, 2, ... holding model.onnx)",
        none.getMessage());
    root.resolve("n/1").toFile().mkdirs();
    ModelConfigException noFile =
        assertThrows(ModelConfigException.class, () -> LocalTritonServer.start(root, 0));
    assertEquals(
        root.resolve("n/1/model.onnx") + ": model file missing for version 1", noFile.getMessage());
  }

  @Test
  void aConfigThatDisagreesWithTheOnnxModelFailsTheLoad() {
    new RepositoryFolder(root)
        .config("m", "max_batch_size: 2\n" + TENSORS.replace("INPUT0", "FEATURES"))
        .version("m", 1, OnnxGraphs.identity(ElementType.FP32, 2));
    ModelConfigException e =
        assertThrows(ModelConfigException.class, () -> LocalTritonServer.start(root, 0));
    assertEquals(
        root.resolve("m/config.pbtxt")
            + ": input 'FEATURES' is not in the ONNX model, whose inputs are [INPUT0]",
        e.getMessage());
    new RepositoryFolder(root)
        .config("m", "max_batch_size: 2\n" + TENSORS.replace("TYPE_FP32", "TYPE_INT32"));
    assertTrue(
        assertThrows(ModelConfigException.class, () -> LocalTritonServer.start(root, 0))
            .getMessage()
            .contains(
                "input 'INPUT0' is TYPE_INT32 in config.pbtxt but ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT in the ONNX model"));
    new RepositoryFolder(root).config("m", TENSORS);
    assertTrue(
        assertThrows(ModelConfigException.class, () -> LocalTritonServer.start(root, 0))
            .getMessage()
            .contains("input 'INPUT0' has dims [-1] but the ONNX model's shape is [-1, -1]"));
  }
}
