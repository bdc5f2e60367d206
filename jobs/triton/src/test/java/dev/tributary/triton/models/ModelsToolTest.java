package dev.tributary.triton.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Model;
import dev.tributary.triton.client.InferRequest;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.server.LocalTritonServer;
import dev.tributary.triton.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * publish -> load -> status -> unload, against a local server, of versions trained from synthetic
 * training rows (training from the Iceberg training table is tested in the command line's module).
 */
class ModelsToolTest {

  private static final Path ROOT = Paths.get(System.getProperty("tributary.repo.root", "../.."));

  @TempDir Path dir;

  @Test
  void thePipelineTrainsPublishesLoadsReportsAndUnloads() throws Exception {
    Path staging = stage(dir.resolve("staging"));
    Path serving = Files.createDirectories(dir.resolve("serving"));
    assertTrue(Files.isRegularFile(staging.resolve("flight_delay/2/model.onnx")));

    try (LocalTritonServer server = LocalTritonServer.start(serving, 0);
        TritonClient client =
            TritonClient.builder().endpoint("127.0.0.1:" + server.port()).build()) {
      String endpoint = "127.0.0.1:" + server.port();
      assertEquals(
          "published flight_delay versions [1, 2] to " + serving,
          run(
                  "publish",
                  "--from",
                  staging.toString(),
                  "--to",
                  serving.toString(),
                  "--model",
                  "flight_delay")
              .trim());
      assertThrows(
          FileAlreadyExistsException.class,
          () ->
              run(
                  "publish",
                  "--from",
                  staging.toString(),
                  "--to",
                  serving.toString(),
                  "--model",
                  "flight_delay",
                  "--versions",
                  "2"));

      assertEquals(
          "loaded flight_delay: versions [1, 2]",
          run("load", "--endpoint", endpoint, "--model", "flight_delay").trim());
      float[] row = new float[11];
      client.infer(
          InferRequest.builder("flight_delay")
              .version(2)
              .input(Tensor.ofFp32s("input", new long[] {1, row.length}, row))
              .build());
      String status = run("status", "--endpoint", endpoint);
      assertTrue(status.contains("| flight_delay | 2 | READY | 1 | 1 | 0 |"), status);
      assertTrue(status.contains("| flight_delay | 1 | READY | 0 | 0 | 0 |"), status);

      run("unload", "--endpoint", endpoint, "--model", "flight_delay");
      assertTrue(
          run("status", "--endpoint", endpoint, "--model", "flight_delay")
              .contains("UNAVAILABLE (unloaded)"));
    }
  }

  @Test
  void publishingToAHadoopFileSystemUriGivesARepositoryTheServerLoads() throws Exception {
    Path staging = stage(dir.resolve("staging"));
    Path bucket = dir.resolve("bucket");
    String uri = bucket.resolve("triton-models").toUri().toString();
    assertTrue(
        run("publish", "--from", staging.toString(), "--to", uri, "--model", "flight_delay")
            .contains("[1, 2]"));
    assertThrows(
        FileAlreadyExistsException.class,
        () ->
            run(
                "publish",
                "--from",
                staging.toString(),
                "--to",
                uri,
                "--model",
                "flight_delay",
                "--versions",
                "1"));
    run(
        "publish",
        "--from",
        staging.toString(),
        "--to",
        uri,
        "--model",
        "flight_delay",
        "--versions",
        "1",
        "--replace");
    try (Stream<Path> files = Files.walk(bucket)) {
      assertTrue(
          files.noneMatch(f -> f.getFileName().toString().endsWith(".crc")),
          "no Hadoop checksum files");
    }
    try (LocalTritonServer server = LocalTritonServer.start(bucket.resolve("triton-models"), 0);
        TritonClient client =
            TritonClient.builder().endpoint("127.0.0.1:" + server.port()).build()) {
      assertEquals(List.of("1", "2"), client.modelMetadata("flight_delay", "").getVersionsList());
    }
  }

  @Test
  void theBundledDefaultConfigIsThePublishedOne() throws Exception {
    Path published = ROOT.resolve("triton-models/flight_delay/config.pbtxt");
    try (InputStream bundled =
        FlightDelayPublisher.class.getResourceAsStream(FlightDelayPublisher.DEFAULT_CONFIG)) {
      assertEquals(
          Files.readString(published), new String(bundled.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static String run(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, ModelsTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8)));
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Trains both versions into a staging repository from synthetic training rows: four days of
   * predictions whose late share follows the first two features.
   */
  private static Path stage(Path staging) throws Exception {
    Model model = FeatureRepository.load(ROOT.resolve("feature-defs")).model("flight_delay").get();
    List<String> names = model.inputs().stream().map(FeatureRef::qualifiedName).toList();
    Random random = new Random(3);
    int n = 2000;
    float[][] features = new float[n][names.size()];
    boolean[] late = new boolean[n];
    long[] times = new long[n];
    long start = Instant.parse("2001-01-01T00:00:00Z").toEpochMilli();
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < names.size(); c++) {
        features[i][c] = random.nextInt(20) == 0 ? Float.NaN : (float) random.nextGaussian();
      }
      double signal = 1.5 * (Float.isNaN(features[i][0]) ? 0 : features[i][0]) + features[i][1];
      late[i] = random.nextDouble() < 1 / (1 + Math.exp(-signal));
      times[i] = start + i * (4 * 86_400_000L / n);
    }
    FlightDelayPublisher.publish(
        model,
        new TrainingRows(names, features, late, times, Map.of("training_table", "synthetic")),
        staging,
        LocalDate.parse("2001-01-04"));
    return staging;
  }
}
