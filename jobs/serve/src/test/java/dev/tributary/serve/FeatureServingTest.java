package dev.tributary.serve;

import static dev.tributary.serve.ServingFixture.json;
import static dev.tributary.serve.ServingFixture.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.defs.Feature;
import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.embedded.junit.RedisExtension;
import dev.tributary.flink.online.OnlineLookup;
import dev.tributary.flink.online.OnlineStoreReader;
import dev.tributary.flink.online.OnlineStoreWriter;
import dev.tributary.flink.online.OnlineUpdate;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.serve.protocol.FeatureRow;
import dev.tributary.serve.protocol.FeaturesRequest;
import dev.tributary.serve.protocol.FeaturesResponse;
import dev.tributary.serve.protocol.OnlineServingGrpc;
import dev.tributary.serve.protocol.Value;
import dev.tributary.serve.protocol.ValueList;
import dev.tributary.serve.server.TributaryServer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * Served values and statuses against what the online store holds, read back by the reader itself
 * and judged by a brute-force rule written here; one Redis round trip per request; gRPC answers
 * what HTTP answers.
 */
class FeatureServingTest {
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private static final long SEED = Long.getLong("tributary.seed", System.nanoTime());
  private static final int AIRPORTS = 40;

  private static FeatureRepository repository;
  private static FeatureView origin;
  private static FeatureView dest;
  private static FeatureView route;
  private static OnlineStoreReader reader;
  private static TributaryServer server;

  @BeforeAll
  static void start() throws Exception {
    System.out.println("FeatureServingTest seed " + SEED + " (-Dtributary.seed=N replays it)");
    Random random = new Random(SEED);
    repository = ServingFixture.repository();
    origin = repository.view("origin_delays").orElseThrow();
    dest = repository.view("dest_delays").orElseThrow();
    route = repository.view("route_delays").orElseThrow();
    RedisOptions options = RedisOptions.builder(REDIS.host(), REDIS.port()).build();
    long now = System.currentTimeMillis();
    List<OnlineUpdate> updates = new ArrayList<>();
    for (int i = 0; i < AIRPORTS; i++) {
      // Every fourth airport's newest event is 3 days old: past dest_delays' TTL (2 d), within
      // origin_delays' (8 d). Every seventh is 9 days old: past both. Redis keeps both (its expiry
      // counts from the write), so only the read-time rule can call them EXPIRED.
      long age =
          i % 7 == 0
              ? Duration.ofDays(9).toMillis()
              : i % 4 == 0 ? Duration.ofDays(3).toMillis() : 60_000L * random.nextInt(600);
      for (FeatureView view : List.of(origin, dest)) {
        updates.add(
            OnlineUpdate.of(
                view,
                List.of("A" + i),
                now - age,
                ServingFixture.randomValues(view, random),
                null));
      }
      updates.add(
          OnlineUpdate.of(
              route,
              List.of("A" + i, "A" + (i + 1)),
              now - age,
              ServingFixture.randomValues(route, random),
              null));
    }
    try (OnlineStoreWriter writer = OnlineStoreWriter.open(options, List.of(origin, dest, route))) {
      writer.write(updates);
    }
    reader = OnlineStoreReader.open(options);
    server = TributaryServer.builder(repository, options).listen("127.0.0.1", 0, 0).start();
  }

  @AfterAll
  static void stop() {
    server.close();
    reader.close();
  }

  @Test
  void everyValueAndStatusIsWhatTheStoreHoldsJudgedAtTheRequestTime() throws Exception {
    Random random = new Random(SEED + 1);
    List<String> origins = new ArrayList<>();
    List<String> destinations = new ArrayList<>();
    for (int row = 0; row < 60; row++) {
      int a = random.nextInt(AIRPORTS + 5); // some never written: NOT_FOUND
      origins.add(a < AIRPORTS ? "A" + a : "NOPE" + a);
      destinations.add(random.nextInt(4) == 0 ? "A" + random.nextInt(AIRPORTS + 5) : "A" + (a + 1));
    }
    List<FeatureRef> refs = new ArrayList<>();
    for (FeatureView view : List.of(route, origin, dest)) {
      for (Feature feature : view.features()) {
        refs.add(new FeatureRef(view, feature));
      }
    }
    JsonNode answer = features(refs, Map.of("origin", origins, "destination", destinations));
    long requestTime = answer.get("request_time").asLong();
    assertEquals(
        List.of("route_delays", "origin_delays", "dest_delays"), texts(answer.get("views")));
    assertEquals(
        refs.stream().map(FeatureRef::qualifiedName).toList(), texts(answer.get("features")));

    int[] seen = new int[4];
    for (int row = 0; row < origins.size(); row++) {
      JsonNode served = answer.get("rows").get(row);
      List<List<Object>> keys =
          List.of(
              List.of(origins.get(row), destinations.get(row)),
              List.of(origins.get(row)),
              List.of(destinations.get(row)));
      List<FeatureView> views = List.of(route, origin, dest);
      List<Optional<OnlineRecord>> stored = new ArrayList<>();
      for (int v = 0; v < 3; v++) {
        stored.add(reader.read(new OnlineLookup(views.get(v), keys.get(v))));
        JsonNode asOf = served.get("as_of").get(v);
        assertEquals(
            stored.get(v).map(r -> r.asOf()).orElse(null), asOf.isNull() ? null : asOf.asLong());
      }
      for (int f = 0; f < refs.size(); f++) {
        FeatureRef ref = refs.get(f);
        Optional<OnlineRecord> record = stored.get(views.indexOf(ref.view()));
        long ttl = ref.view().ttl().toMillis();
        Object value =
            record.map(r -> r.value(ref.view().features().indexOf(ref.feature()))).orElse(null);
        String expected =
            record.isEmpty()
                ? "NOT_FOUND"
                : ttl > 0 && record.get().asOf() < requestTime - ttl
                    ? "EXPIRED"
                    : value == null ? "NULL" : "PRESENT";
        String where =
            "seed "
                + SEED
                + ", row "
                + row
                + " "
                + keys.get(views.indexOf(ref.view()))
                + ", "
                + ref.qualifiedName();
        assertEquals(expected, served.get("statuses").get(f).asText(), where);
        Object expectedValue = expected.equals("PRESENT") ? value : null;
        assertTrue(
            ServingFixture.same(expectedValue, served.get("values").get(f)),
            where + ": " + expectedValue + " vs " + served.get("values").get(f));
        seen[List.of("PRESENT", "NOT_FOUND", "EXPIRED", "NULL").indexOf(expected)]++;
      }
    }
    for (int status = 0; status < 4; status++) {
      assertTrue(seen[status] > 0, "every status is exercised, seed " + SEED);
    }
  }

  @Test
  void aModelNameGivesItsInputsAndAnEntityKeyColumnWorksLikeFeastsJoinKey() throws Exception {
    var model = repository.model("flight_delay").orElseThrow();
    JsonNode byModel =
        post(
            "{\"model\":\"flight_delay\",\"entities\":{\"origin\":[\"A1\",\"A2\"],\"destination\":[\"A2\",\"A3\"]}}");
    JsonNode byRefs =
        features(
            model.inputs(),
            Map.of("origin", List.of("A1", "A2"), "destination", List.of("A2", "A3")));
    assertEquals(texts(byRefs.get("features")), texts(byModel.get("features")));
    assertEquals(byRefs.get("rows"), byModel.get("rows"));

    // origin_delays keyed by its entity key name: the same as through its binding airport: origin
    JsonNode byKey =
        post(
            "{\"features\":[\"origin_delays.flights_1h\",\"origin_delays.mean_delay_1h\"],\"entities\":{\"airport\":[\"A5\",\"A6\"]}}");
    JsonNode byBinding =
        post(
            "{\"features\":[\"origin_delays.flights_1h\",\"origin_delays.mean_delay_1h\"],\"entities\":{\"origin\":[\"A5\",\"A6\"]}}");
    assertEquals(byBinding.get("rows"), byKey.get("rows"));
  }

  @Test
  void aRequestIsOneRoundTripOfOneMgetOfEveryViewAndRow() throws Exception {
    try (RedisClient redis = RedisClient.create(REDIS.host(), REDIS.port())) {
      for (int rows : new int[] {1, 100}) {
        List<String> origins = new ArrayList<>();
        List<String> destinations = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
          origins.add("A" + (i % AIRPORTS));
          destinations.add("A" + ((i + 1) % AIRPORTS));
        }
        String body =
            body(
                repository.model("flight_delay").orElseThrow().inputs(),
                Map.of("origin", origins, "destination", destinations));
        post(body); // warm: the pool's connection exists
        // Between two INFO calls the server processes the second INFO: one read. A request in
        // between adds its own reads: one when its commands arrive in one read, and never more
        // than the bytes of its pipeline need (Redis reads up to 16 KB per read).
        long idle = reads(redis, () -> {});
        long withRequest = reads(redis, () -> post(body));
        long mgets = calls(redis, "mget");
        long gets = calls(redis, "get");
        long keysRead = keysRead(redis);
        post(body);
        assertEquals(1, calls(redis, "mget") - mgets, "one MGET per request");
        assertEquals(0, calls(redis, "get") - gets, "no GET beside it");
        assertEquals(3L * rows, keysRead(redis) - keysRead, "one key per view and row, no other");
        long commandBytes = 3L * rows * 40;
        long maxReads = Math.max(1, (commandBytes + 16 * 1024 - 1) / (16 * 1024)) + 1;
        assertTrue(
            withRequest - idle >= 1 && withRequest - idle <= maxReads,
            rows + " rows: " + (withRequest - idle) + " reads, at most " + maxReads);
        if (rows == 1) {
          assertEquals(
              1, withRequest - idle, "one entity: the whole request is one read, one round trip");
        }
      }
    }
  }

  @Test
  void grpcAnswersWhatHttpAnswers() throws Exception {
    List<String> origins = List.of("A1", "A7", "NOPE", "A12");
    List<String> destinations = List.of("A2", "A8", "A1", "A13");
    List<FeatureRef> refs = new ArrayList<>();
    for (FeatureView view : List.of(origin, route, dest)) {
      view.features().forEach(f -> refs.add(new FeatureRef(view, f)));
    }
    JsonNode http = features(refs, Map.of("origin", origins, "destination", destinations));
    FeaturesRequest.Builder request = FeaturesRequest.newBuilder();
    refs.forEach(ref -> request.addFeatures(ref.qualifiedName()));
    request
        .putEntities("origin", strings(origins))
        .putEntities("destination", strings(destinations));
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
    try {
      FeaturesResponse grpc =
          OnlineServingGrpc.newBlockingStub(channel).getOnlineFeatures(request.build());
      assertEquals(texts(http.get("features")), grpc.getFeaturesList());
      assertEquals(texts(http.get("views")), grpc.getViewsList());
      for (int row = 0; row < origins.size(); row++) {
        assertEquals(
            http.get("rows").get(row).toString(),
            asJson(grpc.getRows(row)).toString(),
            "row " + row);
      }
    } finally {
      channel.shutdownNow();
    }
  }

  /** A gRPC row in the JSON shape of the HTTP answer. */
  private static JsonNode asJson(FeatureRow row) {
    ObjectNode out = ServingFixture.JSON.createObjectNode();
    ArrayNode values = out.putArray("values");
    row.getValuesList().forEach(v -> values.add(asJson(v)));
    ArrayNode statuses = out.putArray("statuses");
    row.getStatusesList().forEach(s -> statuses.add(s.name()));
    ArrayNode asOf = out.putArray("as_of");
    row.getAsOfList().forEach(v -> asOf.add(asJson(v)));
    return out;
  }

  private static JsonNode asJson(Value value) {
    var nodes = ServingFixture.JSON.getNodeFactory();
    return switch (value.getKindCase()) {
      case STRING_VALUE -> nodes.textNode(value.getStringValue());
      case LONG_VALUE -> nodes.numberNode(value.getLongValue());
      case DOUBLE_VALUE -> nodes.numberNode(value.getDoubleValue());
      case BOOL_VALUE -> nodes.booleanNode(value.getBoolValue());
      case LIST_VALUE -> {
        ArrayNode list = nodes.arrayNode();
        value.getListValue().getValuesList().forEach(v -> list.add(asJson(v)));
        yield list;
      }
      case KIND_NOT_SET -> nodes.nullNode();
    };
  }

  private static ValueList strings(List<String> values) {
    ValueList.Builder list = ValueList.newBuilder();
    values.forEach(v -> list.addValues(Value.newBuilder().setStringValue(v)));
    return list.build();
  }

  interface Action {
    void run() throws Exception;
  }

  private static long reads(RedisClient redis, Action between) throws Exception {
    long before = stat(redis.info("stats"), "total_reads_processed");
    between.run();
    return stat(redis.info("stats"), "total_reads_processed") - before;
  }

  private static long calls(RedisClient redis, String command) {
    Matcher calls =
        Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(redis.info("commandstats"));
    return calls.find() ? Long.parseLong(calls.group(1)) : 0;
  }

  /** Keys looked up so far, found or not: INFO itself reads none. */
  private static long keysRead(RedisClient redis) {
    String stats = redis.info("stats");
    return stat(stats, "keyspace_hits") + stat(stats, "keyspace_misses");
  }

  private static long stat(String info, String name) {
    Matcher value = Pattern.compile(name + ":(\\d+)").matcher(info);
    assertTrue(value.find(), name + " in INFO");
    return Long.parseLong(value.group(1));
  }

  private static JsonNode features(List<FeatureRef> refs, Map<String, List<String>> entities)
      throws Exception {
    return post(body(refs, entities));
  }

  private static String body(List<FeatureRef> refs, Map<String, List<String>> entities)
      throws Exception {
    ObjectNode body = ServingFixture.JSON.createObjectNode();
    ArrayNode features = body.putArray("features");
    refs.forEach(ref -> features.add(ref.qualifiedName()));
    ObjectNode columns = body.putObject("entities");
    entities.forEach((name, values) -> values.forEach(columns.withArray(name)::add));
    return body.toString();
  }

  private static JsonNode post(String body) throws Exception {
    HttpResponse<String> response = ServingFixture.post(server.httpPort(), "/v1/features", body);
    assertEquals(200, response.statusCode(), response.body());
    return json(response.body());
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }
}
