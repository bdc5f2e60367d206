package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.plan.HistoryTables;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.flink.training.TrainingColumns;
import dev.tributary.triton.client.InferRequest;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.server.LocalTritonServer;
import dev.tributary.triton.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary demo --days 3 --data-dir DIR}: the README's first command on a reduced range,
 * through the command line itself, then each step's outcome read back from what it kept: history
 * tables, the training table, two model versions traced to its snapshot and served, the checks
 * against the core. {@code models train} then retrains from the same table.
 */
class DemoCommandTest {
  @TempDir static Path dataDir;

  private static String output;
  private static String errors;
  private static int exit;

  @BeforeAll
  static void runTheDemo() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    exit =
        Tributary.run(
            new PrintWriter(out),
            new PrintWriter(err),
            "demo",
            Checkout.exampleDefinitions().toString(),
            "--days",
            "3",
            "--data-dir",
            dataDir.toString());
    output = out.toString();
    errors = err.toString();
  }

  @Test
  void theStoryRunsToTheEndWithEveryCheckPassing() {
    assertEquals(0, exit, output + errors);
    for (String step : List.of("1. ", "2. ", "3. ", "4. ", "5. ", "6. ", "7. ", "8. ", "9. ")) {
      assertTrue(output.contains("\n" + step) || output.startsWith(step), step + "\n" + output);
    }
    assertTrue(output.contains("Kafka    localhost:") || output.contains("Kafka    "), output);
    assertTrue(output.contains("Triton   grpc://127.0.0.1:"), output);
    assertTrue(output.contains("Online/offline differences: 0 ("), output);
    assertTrue(!output.contains("DIFFER"), output);
  }

  @Test
  void theBackfillAndTheStreamFillEveryHistoryTable() throws Exception {
    FeatureRepository repository = FeatureRepository.load(Checkout.exampleDefinitions());
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      for (FeatureView view : repository.views()) {
        Snapshot snapshot =
            catalog
                .catalog()
                .loadTable(TableIdentifier.of(HistoryTables.NAMESPACE, view.versionedName()))
                .currentSnapshot();
        assertTrue(
            Long.parseLong(snapshot.summary().get("total-records")) > 1000,
            view.versionedName() + " " + snapshot.summary());
      }
    }
  }

  @Test
  void bothVersionsAreTrainedFromTheTrainingTableSnapshotAndServed() throws Exception {
    long snapshot = trainingSnapshot();
    Path repository = dataDir.resolve("triton-models");
    for (String version : List.of("1", "2")) {
      JsonNode lineage =
          new ObjectMapper()
              .readTree(repository.resolve("flight_delay/" + version + "/metadata.json").toFile())
              .path("lineage");
      assertEquals(snapshot, lineage.path("training_snapshot_id").asLong(), lineage.toString());
      assertEquals("training.flight_delay", lineage.path("training_table").asText());
      FeatureView origin =
          FeatureRepository.load(Checkout.exampleDefinitions()).view("origin_delays").get();
      assertEquals(
          origin.versionedName(),
          lineage.path("view_versions").path("origin_delays").asText(),
          lineage.toString());
      assertTrue(lineage.path("train_rows").asInt() > 1000, lineage.toString());
      assertTrue(lineage.path("test_rows").asInt() > 1000, lineage.toString());
      assertTrue(
          output.contains(
              "published and loaded flight_delay version "
                  + version
                  + ": READY; metadata.json names training snapshot "
                  + snapshot),
          output);
    }
    try (LocalTritonServer server = LocalTritonServer.start(repository, 0);
        TritonClient client =
            TritonClient.builder().endpoint("127.0.0.1:" + server.port()).build()) {
      float[] missing = new float[11];
      java.util.Arrays.fill(missing, Float.NaN);
      for (long version : List.of(1L, 2L)) {
        float[] late =
            client
                .infer(
                    InferRequest.builder("flight_delay")
                        .version(version)
                        .input(Tensor.ofFp32s("input", new long[] {1, 11}, missing))
                        .build())
                .output("output")
                .asFloats();
        assertEquals(2, late.length);
        assertEquals(1.0, late[0] + late[1], 1e-5);
      }
    }
  }

  @Test
  void modelsTrainRetrainsFromTheSameTable() throws Exception {
    Path staging = dataDir.resolve("retrained");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(
        0,
        Tributary.run(
            new PrintWriter(out),
            new PrintWriter(err),
            "models",
            "train",
            Checkout.exampleDefinitions().toString(),
            "--data-dir",
            dataDir.toString(),
            "--repository",
            staging.toString(),
            "--test-from",
            "2001-01-02"),
        out + "" + err);
    long snapshot = trainingSnapshot();
    assertTrue(out.toString().contains("training.flight_delay@" + snapshot), out.toString());
    for (String version : List.of("1", "2")) {
      // same snapshot, same rows in the same order, same seed: the same held-out figures
      assertEquals(
          metadata(dataDir.resolve("triton-models").resolve("flight_delay/" + version))
              .path("held_out_metrics"),
          metadata(staging.resolve("flight_delay/" + version)).path("held_out_metrics"));
    }
  }

  private static JsonNode metadata(Path versionFolder) throws java.io.IOException {
    return new ObjectMapper().readTree(versionFolder.resolve("metadata.json").toFile());
  }

  private static long trainingSnapshot() throws Exception {
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      return catalog
          .catalog()
          .loadTable(TableIdentifier.of(TrainingColumns.NAMESPACE, "flight_delay"))
          .currentSnapshot()
          .snapshotId();
    }
  }
}
