package dev.tributary.serve;

import static dev.tributary.serve.ServingFixture.get;
import static dev.tributary.serve.ServingFixture.json;
import static dev.tributary.serve.ServingFixture.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.embedded.junit.RedisExtension;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.serve.protocol.FeaturesRequest;
import dev.tributary.serve.protocol.OnlineServingGrpc;
import dev.tributary.serve.protocol.Value;
import dev.tributary.serve.protocol.ValueList;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad requests, health and readiness, and the Prometheus metrics they leave behind. */
class HttpContractTest {
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private static TributaryServer server;

  @BeforeAll
  static void start() throws Exception {
    RedisOptions options =
        RedisOptions.builder(REDIS.host(), REDIS.port())
            .retries(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(300))
            .build();
    server =
        TributaryServer.builder(ServingFixture.repository(), options)
            .limits(new ServeLimits(4096, 5))
            .listen("127.0.0.1", 0, 0)
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyBadRequestIsA4xxNamingTheField() throws Exception {
    String ok = "\"entities\":{\"origin\":[\"SFO\"]}";
    Map<String, String> cases = new HashMap<>();
    cases.put("{\"features\":[\"origin_delays.flights_1h\"", "not valid JSON");
    cases.put("[1,2]", "must be a JSON object");
    cases.put("{\"features\":[\"nope.flights_1h\"]," + ok + "}", "features[0]: no view 'nope'");
    cases.put(
        "{\"features\":[\"origin_delays.flights_1h\",\"origin_delays.nope\"]," + ok + "}",
        "features[1]: view 'origin_delays' has no feature 'nope'");
    cases.put(
        "{\"features\":[\"flights_1h\"]," + ok + "}",
        "features[0]: \"flights_1h\" is not a view.feature");
    cases.put("{\"model\":\"nope\"," + ok + "}", "model: no model 'nope'");
    cases.put("{" + ok + "}", "features is missing");
    cases.put(
        "{\"features\":[\"origin_delays.flights_1h\"],\"model\":\"flight_delay\"," + ok + "}",
        "not both");
    cases.put(
        "{\"features\":[\"route_delays.flights_7d\"]," + ok + "}",
        "row 0 has no key 'destination' for view 'route_delays': give entities.destination");
    cases.put(
        "{\"features\":[\"origin_delays.flights_1h\"],\"entities\":{\"origin\":[12]}}",
        "entities.origin[0]: expected string for 'origin', got 12");
    cases.put(
        "{\"features\":[\"origin_delays.flights_1h\"],\"entities\":{\"origin\":[\"SFO\"],\"orgin\":[\"LAX\"]}}",
        "entities.orgin is neither an entity key");
    cases.put(
        "{\"features\":[\"route_delays.flights_7d\"],\"entities\":{\"origin\":[\"SFO\",\"LAX\"],\"destination\":[\"JFK\"]}}",
        "entities.destination has 1 values but entities.origin has 2");
    cases.put(
        "{\"features\":[\"origin_delays.flights_1h\"],\"entities\":{\"origin\":\"SFO\"}}",
        "entities.origin must be an array");
    cases.put(
        "{\"features\":[\"origin_delays.flights_1h\"],\"entities\":{\"origin\":[[\"SFO\"]]}}",
        "entities.origin[0] must be a string");
    for (Map.Entry<String, String> bad : cases.entrySet()) {
      HttpResponse<String> response = post(server.httpPort(), "/v1/features", bad.getKey());
      assertEquals(400, response.statusCode(), bad.getKey() + " -> " + response.body());
      String error = json(response.body()).get("error").asText();
      assertTrue(error.contains(bad.getValue()), bad.getKey() + " -> " + error);
    }

    HttpResponse<String> tooMany =
        post(
            server.httpPort(),
            "/v1/features",
            "{\"features\":[\"origin_delays.flights_1h\"],\"entities\":{\"origin\":[\"A\",\"B\",\"C\",\"D\",\"E\",\"F\"]}}");
    assertEquals(413, tooMany.statusCode());
    assertTrue(
        tooMany.body().contains("6 rows, more than this server's limit of 5"), tooMany.body());

    HttpResponse<String> tooLarge =
        post(server.httpPort(), "/v1/features", "{\"features\":[\"" + "x".repeat(5000) + "\"]}");
    assertEquals(413, tooLarge.statusCode(), tooLarge.body());

    HttpResponse<String> noTriton =
        post(server.httpPort(), "/v1/predict", "{\"scoring\":\"flight_delay_live\"," + ok + "}");
    assertEquals(503, noTriton.statusCode());
    assertTrue(noTriton.body().contains("--triton"), noTriton.body());
  }

  @Test
  void grpcSaysInvalidArgumentWithTheSameMessage() {
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
    try {
      FeaturesRequest request =
          FeaturesRequest.newBuilder()
              .addFeatures("origin_delays.nope")
              .putEntities(
                  "origin",
                  ValueList.newBuilder()
                      .addValues(Value.newBuilder().setStringValue("SFO"))
                      .build())
              .build();
      StatusRuntimeException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              StatusRuntimeException.class,
              () -> OnlineServingGrpc.newBlockingStub(channel).getOnlineFeatures(request));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
      assertTrue(
          e.getStatus()
              .getDescription()
              .contains("features[0]: view 'origin_delays' has no feature 'nope'"));
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void healthReadyAndMetricsInPrometheusTextFormatWithSeriesPerRoute() throws Exception {
    assertEquals(200, get(server.httpPort(), "/health").statusCode());
    assertEquals(200, get(server.httpPort(), "/ready").statusCode());
    post(
        server.httpPort(),
        "/v1/features",
        "{\"features\":[\"origin_delays.flights_1h\"],\"entities\":{\"origin\":[\"SFO\"]}}");
    post(server.httpPort(), "/v1/features", "{}");

    HttpResponse<String> metrics = get(server.httpPort(), "/metrics");
    assertEquals(200, metrics.statusCode());
    assertTrue(
        metrics
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("text/plain; version=0.0.4"));
    // Every line is a comment (# HELP / # TYPE) or a sample: name{label="value",...} number.
    Pattern sample =
        Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\",?)*\\})? (-?[0-9.eE+-]+|NaN|\\+Inf)");
    Map<String, Double> samples = new HashMap<>();
    Set<String> types = new HashSet<>();
    for (String line : metrics.body().split("\n")) {
      if (line.startsWith("# TYPE ")) {
        types.add(line.substring(7));
        continue;
      }
      if (line.startsWith("#") || line.isEmpty()) {
        continue;
      }
      Matcher m = sample.matcher(line);
      assertTrue(m.matches(), "not a Prometheus sample: " + line);
      samples.put(line.substring(0, line.lastIndexOf(' ')), Double.parseDouble(m.group(4)));
    }
    assertTrue(
        types.containsAll(
            List.of(
                "tributary_serve_requests_total counter",
                "tributary_serve_request_seconds histogram",
                "tributary_serve_errors_total counter")),
        types.toString());
    assertTrue(
        samples.get(
                "tributary_serve_requests_total{outcome=\"ok\",protocol=\"http\",route=\"/v1/features\"}")
            >= 1,
        samples.keySet().toString());
    assertTrue(
        samples.get(
                "tributary_serve_requests_total{outcome=\"bad_request\",protocol=\"http\",route=\"/v1/features\"}")
            >= 1);
    assertTrue(
        samples.get("tributary_serve_errors_total{protocol=\"http\",route=\"/v1/features\"}") >= 1);
    assertTrue(
        samples.get(
                "tributary_serve_requests_total{outcome=\"ok\",protocol=\"http\",route=\"/ready\"}")
            >= 1);
    assertTrue(
        samples.get(
                "tributary_serve_request_seconds_count{protocol=\"http\",route=\"/v1/features\"}")
            >= 2);
    assertTrue(
        samples.containsKey(
            "tributary_serve_request_seconds_bucket{protocol=\"http\",route=\"/v1/features\",le=\"0.001\"}"),
        samples.keySet().toString());
  }
}
