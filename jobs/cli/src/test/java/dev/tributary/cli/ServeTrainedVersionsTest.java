package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.testing.SmallDefinitions;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.embedded.junit.RedisExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * {@code tributary serve} with two versions of a view side by side (a model input's window widened
 * from 1 h to 2 h and applied) and the model's served version trained on the older one: the model's
 * features come from the older version's Redis sections, as the score job reads them, while a plain
 * feature reference gets the newest version.
 */
class ServeTrainedVersionsTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private static final Pattern LISTENING = Pattern.compile("HTTP on 127\\.0\\.0\\.1:(\\d+),");

  @TempDir Path defs;
  @TempDir Path dataDir;
  @TempDir Path models;
  @TempDir Path noRegistry;

  @Test
  void theModelReadsTheViewVersionItsServedVersionWasTrainedOn() throws Exception {
    SmallDefinitions.write(defs);
    addAScoring(defs, models);
    FeatureView v1 = FeatureRepository.load(defs).view("airport_delays").orElseThrow();
    writeVersionTrainedOn(models, v1);
    KAFKA.createTopic("flights", 2);
    long seed = new Random().nextLong();
    // flights of the last hours: the served values are judged against the server's clock (TTL 2d)
    FlightEvents.publish(
        KAFKA.bootstrapServers(),
        "flights",
        new Random(seed),
        LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).minusHours(7),
        300);

    String redis = "--redis=" + REDIS.host() + ":" + REDIS.port();
    run("apply", defs.toString(), "--data-dir=" + dataDir);
    SideBySideVersionsTest.widenTheWindow(defs);
    run("apply", defs.toString(), "--data-dir=" + dataDir, "--allow-breaking");
    FeatureView v2 = FeatureRepository.load(defs).view("airport_delays").orElseThrow();
    run(
        "materialize",
        defs.toString(),
        "--bootstrap-servers",
        KAFKA.bootstrapServers(),
        "--bounded",
        "--data-dir=" + dataDir,
        redis);

    Map<String, OnlineRecord> old;
    Map<String, OnlineRecord> newest;
    try (RedisClient client = RedisClient.create(REDIS.host(), REDIS.port())) {
      old = SideBySideVersionsTest.online(client, v1);
      newest = SideBySideVersionsTest.online(client, v2);
    }
    List<String> airports = new ArrayList<>(old.keySet());
    assertEquals(List.of("JFK", "ORD", "SFO"), airports, "seed " + seed);
    // the model reads mean_delay_1h and late_share_1h, the view's second and third features
    Map<String, List<Double>> v1Inputs = inputs(old, 1, 2);
    Map<String, List<Double>> v2Inputs = inputs(newest, 1, 2);
    assertNotEquals(v1Inputs, v2Inputs, "the windows differ, seed " + seed);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Thread server =
        new Thread(
            () ->
                Tributary.run(
                    new PrintWriter(out, true),
                    new PrintWriter(err, true),
                    "serve",
                    defs.toString(),
                    redis,
                    "--data-dir=" + dataDir,
                    "--host=127.0.0.1",
                    "--port=0",
                    "--grpc-port=-1"),
            "serve");
    server.start();
    try {
      int port = port(out, err);
      String entities = "\"entities\": {\"origin\": [\"JFK\", \"ORD\", \"SFO\"]}";
      assertEquals(
          v1Inputs,
          values(post(port, "{\"model\": \"delay\", " + entities + "}"), airports),
          "the model's inputs are those of the version it was trained on, seed " + seed);
      assertEquals(
          v2Inputs,
          values(
              post(
                  port,
                  "{\"features\": [\"airport_delays.mean_delay_1h\","
                      + " \"airport_delays.late_share_1h\"], "
                      + entities
                      + "}"),
              airports),
          "a feature reference reads the definitions' version, seed " + seed);
    } finally {
      server.interrupt();
      server.join();
    }

    // without the registry, the version the model was trained on is not written: serve says so
    StringWriter refused = new StringWriter();
    assertEquals(
        1,
        Tributary.run(
            new PrintWriter(refused),
            new PrintWriter(refused),
            "serve",
            defs.toString(),
            redis,
            "--data-dir=" + noRegistry,
            "--port=0",
            "--grpc-port=-1"));
    assertTrue(
        refused
            .toString()
            .contains(
                "model delay was trained on "
                    + v1.versionedName()
                    + ", which is not written any more"),
        refused.toString());
  }

  /** A scoring of the model over version 1 of a model repository, and its requests source. */
  private static void addAScoring(Path defs, Path models) throws Exception {
    Files.createDirectories(models.resolve("delay").resolve("1"));
    Files.writeString(
        defs.resolve("sources.yaml"),
        Files.readString(defs.resolve("sources.yaml"))
            + """

              - name: delay_requests
                topic: delay_requests
                schema:
                  request_id: string
                  requested_at: timestamp
                  date: timestamp
                  origin: string
                  destination: string
                event_time: requested_at
            """);
    Path modelsYaml = defs.resolve("models.yaml");
    Files.writeString(
        modelsYaml,
        Files.readString(modelsYaml)
            .replace(
                "  - name: delay\n",
                "  - name: delay\n    triton_model: delay\n    model_repository: "
                    + models
                    + "\n"));
    Files.writeString(
        defs.resolve("scoring.yaml"),
        """
        scoring:
          - name: delay_live
            model: delay
            requests: delay_requests
            routing_key: origin
            traffic_split:
              1: 100
        """);
  }

  /** Version 1 of the model, its metadata.json saying it was trained on {@code view}. */
  private static void writeVersionTrainedOn(Path models, FeatureView view) throws Exception {
    Files.writeString(
        models.resolve("delay").resolve("1").resolve("metadata.json"),
        "{\"input\": {\"features\": [\"airport_delays.mean_delay_1h\","
            + " \"airport_delays.late_share_1h\"]},"
            + " \"preprocessing\": {\"mean\": [0.0, 0.0]},"
            + " \"lineage\": {\"view_versions\": {\"airport_delays\": \""
            + view.versionedName()
            + "\"}}}");
  }

  /** Per airport, the record's values at {@code indexes}. */
  private static Map<String, List<Double>> inputs(
      Map<String, OnlineRecord> records, int... indexes) {
    Map<String, List<Double>> inputs = new TreeMap<>();
    records.forEach(
        (airport, record) -> {
          List<Double> values = new ArrayList<>();
          for (int index : indexes) {
            values.add(
                record.value(index) == null ? null : ((Number) record.value(index)).doubleValue());
          }
          inputs.put(airport, values);
        });
    return inputs;
  }

  /** Per airport (the rows in request order), the answer's values. */
  private static Map<String, List<Double>> values(JsonNode answer, List<String> airports) {
    Map<String, List<Double>> values = new TreeMap<>();
    JsonNode rows = answer.path("rows");
    assertEquals(airports.size(), rows.size(), answer.toString());
    for (int row = 0; row < airports.size(); row++) {
      List<Double> rowValues = new ArrayList<>();
      for (JsonNode value : rows.get(row).path("values")) {
        rowValues.add(value.isNull() ? null : value.asDouble());
      }
      values.put(airports.get(row), rowValues);
    }
    return values;
  }

  private static JsonNode post(int port, String body) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/features"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return new ObjectMapper().readTree(response.body());
  }

  /** The HTTP port serve printed once it listens; fails with what it said when it stopped. */
  private static int port(StringWriter out, StringWriter err) throws InterruptedException {
    for (int wait = 0; wait < 600; wait++) {
      Matcher listening = LISTENING.matcher(out.toString());
      if (listening.find()) {
        return Integer.parseInt(listening.group(1));
      }
      if (!err.toString().isEmpty()) {
        break;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("serve did not start:\n" + out + err);
  }

  private static void run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(
        0,
        Tributary.run(new PrintWriter(out, true), new PrintWriter(err, true), args),
        String.join(" ", args) + "\n" + out + err);
  }
}
