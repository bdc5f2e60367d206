package dev.tributary.triton.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train -> publish -> load -> status -> unload, against a local server, on a small synthetic
 * flights file.
 */
class ModelsToolTest {

  private static final Path ROOT = Paths.get(System.getProperty("tributary.repo.root", "../.."));

  @TempDir Path dir;

  @Test
  void thePipelineTrainsPublishesLoadsReportsAndUnloads() throws Exception {
    Path data = writeFlights(dir.resolve("flights.csv"));
    Path staging = dir.resolve("staging");
    Path serving = Files.createDirectories(dir.resolve("serving"));
    run(
        "train",
        "--definitions",
        ROOT.resolve("feature-defs").toString(),
        "--data",
        data.toString(),
        "--repository",
        staging.toString(),
        "--test-from",
        "2001-01-04");
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
    Path staging = dir.resolve("staging");
    run(
        "train",
        "--definitions",
        ROOT.resolve("feature-defs").toString(),
        "--data",
        writeFlights(dir.resolve("f.csv")).toString(),
        "--repository",
        staging.toString(),
        "--test-from",
        "2001-01-04");
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

  /** Four days of flights between five airports; ORD and JFK run late in the evening. */
  private static Path writeFlights(Path file) throws Exception {
    Random random = new Random(3);
    String[] airports = {"ATL", "ORD", "JFK", "SFO", "DEN"};
    StringBuilder csv = new StringBuilder("date,delay,distance,origin,destination\n");
    LocalDateTime start = LocalDateTime.parse("2001-01-01T00:00:00");
    for (int minute = 0; minute < 4 * 24 * 60; minute += 2) {
      String origin = airports[random.nextInt(airports.length)];
      String destination = airports[random.nextInt(airports.length)];
      LocalDateTime departure = start.plusMinutes(minute);
      boolean congested =
          (origin.equals("ORD") || origin.equals("JFK")) && departure.getHour() >= 16;
      int delay =
          congested && random.nextInt(10) < 6 ? 20 + random.nextInt(90) : random.nextInt(25) - 8;
      csv.append(departure)
          .append(',')
          .append(delay)
          .append(',')
          .append(300 + random.nextInt(2000))
          .append(',')
          .append(origin)
          .append(',')
          .append(destination)
          .append('\n');
    }
    Files.writeString(file, csv.toString());
    return file;
  }
}
