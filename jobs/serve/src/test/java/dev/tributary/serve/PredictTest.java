package dev.tributary.serve;

import static dev.tributary.serve.ServingFixture.json;
import static dev.tributary.serve.ServingFixture.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.defs.Feature;
import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.Model;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.score.SplitHistory;
import dev.tributary.core.score.TrafficSplit;
import dev.tributary.core.types.ValueType;
import dev.tributary.embedded.junit.RedisExtension;
import dev.tributary.flink.online.OnlineLookup;
import dev.tributary.flink.online.OnlineStoreReader;
import dev.tributary.flink.online.OnlineStoreWriter;
import dev.tributary.flink.online.OnlineUpdate;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.serve.predict.ServedPrediction;
import dev.tributary.serve.protocol.OnlineServingGrpc;
import dev.tributary.serve.protocol.PredictRequest;
import dev.tributary.serve.protocol.PredictResponse;
import dev.tributary.serve.protocol.Value;
import dev.tributary.serve.protocol.ValueList;
import dev.tributary.triton.client.RetryPolicy;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.server.LocalTritonServer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Synchronous predictions against the committed flight_delay model on the local Triton-protocol
 * server: inputs equal the stored values (training means where missing), scores equal ONNX Runtime
 * run here on those inputs, versions follow the split, every prediction reaches the log.
 */
class PredictTest {
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private static final long SEED = Long.getLong("tributary.seed", System.nanoTime());
  private static final Path MODELS = ServingFixture.root().resolve("triton-models");
  private static final int AIRPORTS = 30;

  private static FeatureRepository repository;
  private static Model model;
  private static LocalTritonServer triton;
  private static TritonClient client;
  private static OnlineStoreReader reader;
  private static TributaryServer server;
  private static final List<ServedPrediction> LOG = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void start() throws Exception {
    System.out.println("PredictTest seed " + SEED + " (-Dtributary.seed=N replays it)");
    Random random = new Random(SEED);
    repository = ServingFixture.repository();
    model = repository.model("flight_delay").orElseThrow();
    RedisOptions options = RedisOptions.builder(REDIS.host(), REDIS.port()).build();
    long now = System.currentTimeMillis();
    List<FeatureView> views =
        List.of(
            repository.view("origin_delays").orElseThrow(),
            repository.view("dest_delays").orElseThrow(),
            repository.view("route_delays").orElseThrow());
    List<OnlineUpdate> updates = new ArrayList<>();
    for (int i = 0; i < AIRPORTS; i++) {
      // A fifth of the airports 3 days old: dest_delays (TTL 2 d) is missing for them.
      long asOf = now - (i % 5 == 0 ? Duration.ofDays(3).toMillis() : 60_000L * (1 + i));
      updates.add(
          OnlineUpdate.of(
              views.get(0), List.of("P" + i), asOf, values(views.get(0), random), null));
      updates.add(
          OnlineUpdate.of(
              views.get(1), List.of("P" + i), asOf, values(views.get(1), random), null));
      for (int j = 0; j < AIRPORTS; j += 3) {
        updates.add(
            OnlineUpdate.of(
                views.get(2), List.of("P" + i, "P" + j), asOf, values(views.get(2), random), null));
      }
    }
    try (OnlineStoreWriter writer = OnlineStoreWriter.open(options, views)) {
      writer.write(updates);
    }
    reader = OnlineStoreReader.open(options);
    triton = LocalTritonServer.start(MODELS, 0);
    client = TritonClient.builder().endpoint("127.0.0.1:" + triton.port()).build();
    server =
        TributaryServer.builder(repository, options)
            .triton(client)
            .predictionLog(LOG::addAll)
            .listen("127.0.0.1", 0, 0)
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
    client.close();
    triton.close();
    reader.close();
  }

  @Test
  void scoresEqualOnnxRuntimeOnTheStoredInputsAndVersionsFollowTheSplit() throws Exception {
    Random random = new Random(SEED + 1);
    List<String> origins = new ArrayList<>();
    List<String> destinations = new ArrayList<>();
    for (int row = 0; row < 200; row++) {
      origins.add("P" + random.nextInt(AIRPORTS + 3)); // a few unknown airports: all missing
      destinations.add("P" + random.nextInt(AIRPORTS));
    }
    LOG.clear();
    JsonNode answer = predict(origins, destinations);
    JsonNode predictions = answer.get("predictions");
    assertEquals(origins.size(), predictions.size());
    assertEquals(origins.size(), LOG.size(), "every prediction is logged");

    TrafficSplit split =
        SplitHistory.of(repository.scorings().get(0)).at(System.currentTimeMillis());
    int[] perVersion = new int[3];
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Map<Long, OrtSession> sessions = new TreeMap<>();
    try {
      for (long version : List.of(1L, 2L)) {
        sessions.put(
            version,
            env.createSession(
                MODELS.resolve("flight_delay/" + version + "/model.onnx").toString()));
      }
      for (int row = 0; row < origins.size(); row++) {
        JsonNode p = predictions.get(row);
        String where =
            "seed " + SEED + ", row " + row + " " + origins.get(row) + "-" + destinations.get(row);
        String routingKey = origins.get(row) + "-" + destinations.get(row);
        long version = split.route(routingKey, "flight_delay_live");
        assertEquals(version, p.get("version").asLong(), where);
        assertEquals("flight_delay_live#0", p.get("split_id").asText());
        assertEquals(routingKey, p.get("routing_key").asText());
        perVersion[(int) version]++;

        long requestTime = p.get("request_time").asLong();
        double[] means = trainingMeans(version);
        float[] expected = new float[model.inputs().size()];
        for (int i = 0; i < expected.length; i++) {
          FeatureRef input = model.inputs().get(i);
          List<Object> keys =
              input.view().name().equals("route_delays")
                  ? List.of(origins.get(row), destinations.get(row))
                  : List.of(
                      input.view().name().equals("origin_delays")
                          ? origins.get(row)
                          : destinations.get(row));
          Optional<OnlineRecord> record = reader.read(new OnlineLookup(input.view(), keys));
          boolean live =
              record.isPresent()
                  && record.get().asOf() >= requestTime - input.view().ttl().toMillis();
          Object value =
              live ? record.get().value(input.view().features().indexOf(input.feature())) : null;
          double sent = value == null ? means[i] : ((Number) value).doubleValue();
          assertEquals(
              sent, p.get("inputs").get(i).asDouble(), 0.0, where + " " + input.qualifiedName());
          assertTrue(
              ServingFixture.same(value, p.get("feature_values").get(i)),
              where + " " + input.qualifiedName());
          JsonNode asOf = p.get("feature_as_of").get(i);
          if (record.isEmpty()) {
            assertTrue(asOf.isNull(), where);
          } else {
            assertEquals(live ? record.get().asOf() : requestTime, asOf.asLong(), where);
          }
          expected[i] = (float) sent;
        }
        try (OnnxTensor tensor =
                OnnxTensor.createTensor(
                    env, FloatBuffer.wrap(expected), new long[] {1, expected.length});
            OrtSession.Result result = sessions.get(version).run(Map.of("input", tensor))) {
          float[] out = new float[2];
          ((OnnxTensor) result.get("output").orElseThrow()).getFloatBuffer().get(out);
          assertEquals(out[0], p.get("score").asDouble(), 1e-6, where);
          assertEquals(out[1], p.get("scores").get(1).asDouble(), 1e-6, where);
        }
        ServedPrediction logged = LOG.get(row);
        assertEquals(p.get("request_id").asText(), logged.requestId());
        assertEquals(version, logged.version());
        assertEquals(p.get("score").asDouble(), logged.scores()[0], 0.0);
      }
    } finally {
      for (OrtSession session : sessions.values()) {
        session.close();
      }
    }
    assertTrue(
        perVersion[1] > perVersion[2] && perVersion[2] > 0,
        "90/10 split: " + perVersion[1] + "/" + perVersion[2]);
  }

  @Test
  void aSplitFromTheSplitSourceRoutesEveryRowAndGrpcAnswersAsHttp() throws Exception {
    TrafficSplit allToTwo =
        new TrafficSplit("flight_delay_live#7", 0, new TreeMap<>(Map.of(1L, 0, 2L, 100)));
    RedisOptions options = RedisOptions.builder(REDIS.host(), REDIS.port()).build();
    try (TributaryServer other =
        TributaryServer.builder(repository, options)
            .triton(client)
            .splits(scoring -> SplitHistory.of(scoring).with(allToTwo))
            .listen("127.0.0.1", 0, 0)
            .start()) {
      List<String> origins = List.of("P1", "P2", "P3", "P4");
      List<String> destinations = List.of("P3", "P6", "P9", "P12");
      HttpResponse<String> response =
          post(other.httpPort(), "/v1/predict", body(origins, destinations));
      assertEquals(200, response.statusCode(), response.body());
      JsonNode http = json(response.body()).get("predictions");
      ManagedChannel channel =
          ManagedChannelBuilder.forAddress("127.0.0.1", other.grpcPort()).usePlaintext().build();
      try {
        PredictResponse grpc =
            OnlineServingGrpc.newBlockingStub(channel)
                .predict(
                    PredictRequest.newBuilder()
                        .setScoring("flight_delay_live")
                        .putEntities("origin", strings(origins))
                        .putEntities("destination", strings(destinations))
                        .build());
        for (int row = 0; row < origins.size(); row++) {
          assertEquals(2, http.get(row).get("version").asLong());
          assertEquals("flight_delay_live#7", http.get(row).get("split_id").asText());
          assertEquals(2, grpc.getPredictions(row).getVersion());
          assertEquals(
              http.get(row).get("score").asDouble(), grpc.getPredictions(row).getScore(), 0.0);
          for (int i = 0; i < model.inputs().size(); i++) {
            assertEquals(
                http.get(row).get("inputs").get(i).asDouble(),
                grpc.getPredictions(row).getInputs(i),
                0.0);
          }
        }
      } finally {
        channel.shutdownNow();
      }
    }
  }

  @Test
  void anInferenceServerThatIsDownIsA503WithTheReason() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    RedisOptions options = RedisOptions.builder(REDIS.host(), REDIS.port()).build();
    try (TritonClient down =
            TritonClient.builder()
                .endpoint("127.0.0.1:" + closed)
                .retryPolicy(RetryPolicy.none())
                .defaultDeadline(Duration.ofSeconds(1))
                .build();
        TributaryServer other =
            TributaryServer.builder(repository, options)
                .triton(down)
                .listen("127.0.0.1", 0, -1)
                .start()) {
      HttpResponse<String> response =
          post(other.httpPort(), "/v1/predict", body(List.of("P1"), List.of("P3")));
      assertEquals(503, response.statusCode(), response.body());
      assertTrue(
          json(response.body()).get("error").asText().contains("flight_delay"), response.body());
    }
  }

  private static JsonNode predict(List<String> origins, List<String> destinations)
      throws Exception {
    HttpResponse<String> response =
        post(server.httpPort(), "/v1/predict", body(origins, destinations));
    assertEquals(200, response.statusCode(), response.body());
    return json(response.body());
  }

  private static String body(List<String> origins, List<String> destinations) {
    ObjectNode body = ServingFixture.JSON.createObjectNode().put("scoring", "flight_delay_live");
    ObjectNode entities = body.putObject("entities");
    origins.forEach(entities.withArray("origin")::add);
    destinations.forEach(entities.withArray("destination")::add);
    return body.toString();
  }

  private static ValueList strings(List<String> values) {
    ValueList.Builder list = ValueList.newBuilder();
    values.forEach(v -> list.addValues(Value.newBuilder().setStringValue(v)));
    return list.build();
  }

  /** The version's training means, as metadata.json lists them (read here, not by the server). */
  private static double[] trainingMeans(long version) throws Exception {
    JsonNode means =
        ServingFixture.JSON
            .readTree(MODELS.resolve("flight_delay/" + version + "/metadata.json").toFile())
            .get("preprocessing")
            .get("mean");
    double[] out = new double[means.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = means.get(i).asDouble();
    }
    return out;
  }

  /** Plausible values (a fifth null) so the model's scores are not all saturated. */
  private static Object[] values(FeatureView view, Random random) {
    Object[] values = new Object[view.features().size()];
    for (int i = 0; i < values.length; i++) {
      Feature feature = view.features().get(i);
      if (random.nextInt(5) == 0) {
        continue;
      }
      ValueType type = feature.resultType();
      Object value =
          type == ValueType.DOUBLE
              ? random.nextGaussian() * 10 + 8
              : (Object) (long) random.nextInt(60);
      values[i] = feature.aggregation().producesList() ? List.of(value) : value;
    }
    return values;
  }
}
