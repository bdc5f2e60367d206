package dev.tributary.serve;

import static dev.tributary.serve.ServingFixture.json;
import static dev.tributary.serve.ServingFixture.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.FileInput;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.defs.Source;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.embedded.junit.RedisExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.KafkaTopics;
import dev.tributary.flink.consistency.ConsistencyCheck;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.materialize.MaterializeJob;
import dev.tributary.flink.materialize.MaterializeSettings;
import dev.tributary.flink.online.OnlineLookup;
import dev.tributary.flink.online.OnlineStoreReader;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.flink.score.ConsumerOffsets;
import dev.tributary.flink.score.ScoreJob;
import dev.tributary.flink.score.ScoreSettings;
import dev.tributary.serve.predict.KafkaPredictionLog;
import dev.tributary.serve.predict.ServedPrediction;
import dev.tributary.serve.server.TributaryServer;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.client.TritonClientLoader;
import dev.tributary.triton.server.LocalTritonServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server over values written by the real materialize job: two days of the flights sample go
 * through Kafka into the streaming job (MiniCluster), which writes Redis, while client threads ask
 * the server for every feature of the three views. Every answer, during the writes and after, is
 * checked against the core's value of each view at the as-of time the answer returned ({@link
 * CoreValues}); predictions served over the same store pass the consistency check.
 *
 * <p>The events are published in event-time order on one partition, and only one event per
 * millisecond is kept: then every as-of time the job publishes is final (no event of that entity
 * before it can still arrive), so the core's value at it is the only right answer, at any moment.
 */
class MaterializedServingTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private static final long SEED = Long.getLong("tributary.seed", System.nanoTime());
  private static final FeatureRepository DEFINITIONS = FlightsSample.definitions();
  private static final Scoring SCORING = DEFINITIONS.scorings().get(0);
  private static final Path MODELS = FlightsSample.repositoryRoot().resolve("triton-models");
  private static final List<FeatureView> VIEWS =
      List.of(view("origin_delays"), view("dest_delays"), view("route_delays"));
  private static final long DAY = TimeUnit.DAYS.toMillis(1);
  private static final int CLIENTS = 3;

  private static List<ParsedEvent> events;
  private static CoreValues core;
  private static List<List<String>> routes;
  private static long endOfData;
  private static final AtomicLong NOW = new AtomicLong();
  private static LocalIcebergCatalog iceberg;
  private static RedisOptions redis;
  private static LocalTritonServer triton;
  private static TritonClient client;
  private static TributaryServer server;
  private static FileInput streamedFlights;
  private static final List<ServedPrediction> SERVED =
      Collections.synchronizedList(new ArrayList<>());
  private static final List<Asked> DURING_WRITES = Collections.synchronizedList(new ArrayList<>());

  /**
   * Answers kept per phase (a chunk of flights published, then the wait for the last writes): the
   * clients ask on as fast as the server answers, for as long as the job takes, so keeping every
   * answer would grow with the machine's load (a slow job ran the test JVM out of heap).
   */
  private static final int KEPT_PER_PHASE = 500;

  private static final AtomicInteger PHASE = new AtomicInteger();
  private static final AtomicLong ASKED = new AtomicLong();

  /** A request and the server's answer. */
  private record Asked(List<String> origins, List<String> destinations, JsonNode answer) {}

  @BeforeAll
  static void materializeWhileClientsRead() throws Exception {
    System.out.println("MaterializedServingTest seed " + SEED + " (-Dtributary.seed=N replays)");
    Source flights = DEFINITIONS.source("flights").orElseThrow();
    events =
        new ArrayList<>(
            oneEventPerMillisecond(FlightsSample.eventsScheduledBefore(flights, "2001-01-03")));
    // One flight two days after the rest moves the watermark past every window of a day or less
    // and past dest_delays' TTL: the job then publishes every entity's tail drops (empty windows,
    // NULL) before the final check, whatever the timing.
    endOfData = events.get(events.size() - 1).eventTime() + 2 * DAY;
    events.add(new ParsedEvent(new Object[] {endOfData, 0L, 100L, "QQQ", "QQR"}, endOfData));
    core = new CoreValues(VIEWS, events);
    Set<List<String>> seen = new LinkedHashSet<>();
    events.forEach(e -> seen.add(List.of((String) e.row()[3], (String) e.row()[4])));
    routes = new ArrayList<>(seen);
    List<String> records = KafkaTopics.asJson(flights, events);
    Path streamed = Files.createTempFile("served-flights", ".json");
    Files.write(streamed, records);
    streamed.toFile().deleteOnExit();
    streamedFlights = new FileInput(streamed, "json");

    iceberg = LocalIcebergCatalog.temporary();
    redis = RedisOptions.builder(REDIS.host(), REDIS.port()).build();
    triton = LocalTritonServer.start(MODELS, 0);
    client = TritonClient.builder().endpoint("127.0.0.1:" + triton.port()).build();
    KafkaPredictionLog kafkaLog = new KafkaPredictionLog(KAFKA.bootstrapServers(), "serve-test");
    NOW.set(endOfData);
    InstantSource clock = () -> Instant.ofEpochMilli(NOW.get());
    server =
        TributaryServer.builder(DEFINITIONS, redis)
            .triton(client)
            .predictionLog(
                batch -> {
                  kafkaLog.append(batch);
                  SERVED.addAll(batch);
                })
            .clock(clock)
            .listen("127.0.0.1", 0, -1)
            .start();

    KAFKA.createTopic("flights", 1);
    StreamExecutionEnvironment env = FLINK.environment();
    env.enableCheckpointing(500);
    new MaterializeJob(
            DEFINITIONS,
            new MaterializeSettings(
                KAFKA.bootstrapServers(), "served", false, catalog(), "served", redis))
        .build(env);
    JobClient job = env.executeAsync("materialize while serving");
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      Random random = new Random(SEED + c);
      Thread thread = new Thread(() -> askUntilStopped(random, writing), "client-" + c);
      thread.start();
      clients.add(thread);
    }
    try {
      int chunks = 10;
      for (int i = 0; i < chunks; i++) {
        KafkaTopics.publish(
            KAFKA.bootstrapServers(),
            "flights",
            records.subList(i * records.size() / chunks, (i + 1) * records.size() / chunks),
            1);
        PHASE.set(i);
        long asked = ASKED.get();
        waitUntil(() -> ASKED.get() > asked + CLIENTS, "clients asked during chunk " + i);
      }
      PHASE.set(chunks);
      waitUntil(
          MaterializedServingTest::everyTailDropIsWritten,
          "every entity's first tail drop after its newest event in Redis");
    } finally {
      writing.set(false);
      for (Thread thread : clients) {
        thread.join();
      }
      job.cancel().get();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (client != null) {
      client.close();
    }
    if (triton != null) {
      triton.close();
    }
    if (iceberg != null) {
      iceberg.close();
    }
  }

  /**
   * Answers given while the job was writing: each view of each row equals the core's value at the
   * view's returned as-of time (never values of one as-of beside another's), and the answers saw
   * the store change.
   */
  @Test
  void concurrentClientsGetTheCoresValuesAtTheirAsOfWhileTheJobWrites() {
    List<Asked> answers;
    synchronized (DURING_WRITES) {
      answers = new ArrayList<>(DURING_WRITES);
    }
    Map<String, Set<Long>> asOfsSeen = new HashMap<>();
    for (Asked asked : answers) {
      assertAnswerIsTheCores(asked, true, EnumSet.noneOf(ValueStatusSeen.class));
      JsonNode rows = asked.answer.get("rows");
      for (int r = 0; r < rows.size(); r++) {
        JsonNode asOf = rows.get(r).get("as_of");
        for (int v = 0; v < VIEWS.size(); v++) {
          if (!asOf.get(v).isNull()) {
            asOfsSeen
                .computeIfAbsent(
                    VIEWS.get(v).name() + keys(v, asked, r), k -> new LinkedHashSet<>())
                .add(asOf.get(v).asLong());
          }
        }
      }
    }
    System.out.println(answers.size() + " answers checked while the job wrote");
    assertTrue(answers.size() >= 10 * CLIENTS, "answers during the writes: " + answers.size());
    assertTrue(
        asOfsSeen.values().stream().anyMatch(s -> s.size() > 1),
        "some entity was read at two as-of times: the reads overlapped the writes");
  }

  /**
   * Every known airport (with one of its routes) and an unknown one, asked at two request times: a
   * day after the data (some dest_delays past their 2-day TTL) and nine days after (every view
   * expired). Every status occurs and every value is the core's at the returned as-of.
   */
  @Test
  void everyServedValueIsTheCoresValueAtTheReturnedAsOf() throws Exception {
    Map<String, List<String>> routeOf = new HashMap<>();
    routes.forEach(route -> routeOf.putIfAbsent(route.get(0), route));
    List<String> origins = new ArrayList<>();
    List<String> destinations = new ArrayList<>();
    routeOf
        .values()
        .forEach(
            route -> {
              origins.add(route.get(0));
              destinations.add(route.get(1));
            });
    origins.add("ZZZ"); // never seen: NOT_FOUND in every view
    destinations.add(destinations.get(0));
    origins.add(origins.get(0)); // a route never flown: NOT_FOUND in route_delays only
    destinations.add("ZZZ");
    EnumSet<ValueStatusSeen> seen = EnumSet.noneOf(ValueStatusSeen.class);
    for (long requestTime : List.of(endOfData + DAY, endOfData + 9 * DAY)) {
      NOW.set(requestTime);
      for (int from = 0; from < origins.size(); from += 100) {
        int to = Math.min(origins.size(), from + 100);
        Asked asked =
            ask(origins.subList(from, to), destinations.subList(from, to), server.httpPort());
        assertEquals(requestTime, asked.answer.get("request_time").asLong());
        assertAnswerIsTheCores(asked, false, seen);
      }
    }
    assertEquals(EnumSet.allOf(ValueStatusSeen.class), seen, "every status occurred");
  }

  /**
   * Predictions served over the materialized store reach monitoring.predictions through the score
   * job, which appends the served records of the prediction log exactly once (a second run copies
   * nothing again); the consistency check (training-set job, recompute from the events the
   * streaming job saw) finds every logged feature equal at its logged as-of time.
   */
  @Test
  void predictionsServedOverTheStorePassTheConsistencyCheck() throws Exception {
    long requestTime = endOfData + 3_600_000L;
    Random random = new Random(SEED);
    ObjectNode body = ServingFixture.JSON.createObjectNode();
    ObjectNode entities = body.putObject("entities");
    ArrayNode ids = entities.putArray("request_id");
    ArrayNode requestedAt = entities.putArray("requested_at");
    ArrayNode dates = entities.putArray("date");
    ArrayNode distances = entities.putArray("distance");
    ArrayNode origins = entities.putArray("origin");
    ArrayNode destinations = entities.putArray("destination");
    for (int i = 0; i < 200; i++) {
      List<String> route = routes.get(random.nextInt(routes.size()));
      ids.add("served-" + i);
      requestedAt.add(requestTime);
      dates.add(requestTime + 2 * 3_600_000L);
      distances.add(100 + random.nextInt(2000));
      origins.add(route.get(0));
      destinations.add(route.get(1));
    }
    HttpResponse<String> response =
        post(server.httpPort(), "/v1/scorings/" + SCORING.name() + "/predict", body.toString());
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(200, json(response.body()).get("predictions").size());

    Set<String> served = new HashSet<>();
    synchronized (SERVED) {
      SERVED.forEach(p -> served.add(p.requestId()));
    }
    assertEquals(200, served.size(), "served predictions");
    KAFKA.createTopic(SCORING.requests().topicOrNull(), 1);
    copyServedPredictions();
    assertEquals(served, servedRowsOnce(), "each served prediction once in monitoring.predictions");
    // the served copy's group: the settings' default group, "-served-", the scoring
    assertEquals(
        ConsumerOffsets.endPerPartition(KAFKA.bootstrapServers(), DeploymentPlan.PREDICTIONS_TOPIC),
        ConsumerOffsets.committedPerPartition(
            KAFKA.bootstrapServers(), "tributary-score-served-" + SCORING.name()),
        "a bounded run leaves its group at the offsets where it stopped");
    copyServedPredictions(); // a later run of the job resumes after what it copied
    assertEquals(served, servedRowsOnce(), "nothing copied twice by a later run");

    var tally =
        new ConsistencyCheck(
                SCORING,
                catalog(),
                iceberg.folder().resolve("consistency"),
                Map.of("flights", streamedFlights),
                FLINK::environment)
            .run(requestTime, requestTime + 1);
    assertEquals(SCORING.model().inputs().size(), tally.features().size());
    tally
        .features()
        .forEach(
            (feature, t) -> {
              System.out.println(feature + ": " + t.compared + " compared, " + t.different);
              assertTrue(t.compared > 0, feature + " compared");
              assertEquals(0, t.different, feature + " " + t.examples);
            });
  }

  // ---- the check ----

  /** The statuses a check saw; all four must occur in the final check. */
  enum ValueStatusSeen {
    PRESENT,
    NULL,
    EXPIRED,
    NOT_FOUND
  }

  /**
   * Each view of each row: NOT_FOUND only for an entity without events (or, while the job writes,
   * one it has not reached yet); otherwise EXPIRED exactly when the returned as-of is older than
   * the request time minus the view's TTL, else each value the core's at that as-of (PRESENT) or
   * null (NULL) where the core's is null.
   */
  private static void assertAnswerIsTheCores(
      Asked asked, boolean whileWriting, EnumSet<ValueStatusSeen> seen) {
    JsonNode answer = asked.answer;
    long requestTime = answer.get("request_time").asLong();
    JsonNode features = answer.get("features");
    JsonNode rows = answer.get("rows");
    assertEquals(asked.origins.size(), rows.size());
    for (int r = 0; r < rows.size(); r++) {
      JsonNode row = rows.get(r);
      for (int v = 0; v < VIEWS.size(); v++) {
        FeatureView view = VIEWS.get(v);
        List<Object> key = keys(v, asked, r);
        String what = view.name() + " " + key + " at " + requestTime;
        JsonNode asOf = row.get("as_of").get(v);
        boolean known = core.knows(view, key);
        for (int f = 0; f < features.size(); f++) {
          String ref = features.get(f).asText();
          if (!ref.startsWith(view.name() + ".")) {
            continue;
          }
          String status = row.get("statuses").get(f).asText();
          JsonNode value = row.get("values").get(f);
          if (asOf.isNull()) {
            assertEquals("NOT_FOUND", status, what);
            assertTrue(!known || whileWriting, what + ": known entity not found");
            assertTrue(value.isNull(), what);
            seen.add(ValueStatusSeen.NOT_FOUND);
            continue;
          }
          assertTrue(known, what + ": an entity without events has an as-of");
          long t = asOf.asLong();
          if (t < requestTime - view.ttl().toMillis()) {
            assertEquals("EXPIRED", status, what + " as of " + t);
            assertTrue(value.isNull(), what);
            seen.add(ValueStatusSeen.EXPIRED);
            continue;
          }
          String feature = ref.substring(view.name().length() + 1);
          Object expected = core.valueAsOf(view, key, feature, t);
          if (expected == null) {
            assertEquals("NULL", status, what + "." + feature + " as of " + t);
            assertTrue(value.isNull(), what);
            seen.add(ValueStatusSeen.NULL);
          } else {
            assertEquals("PRESENT", status, what + "." + feature + " as of " + t);
            if (!core.approximate(view, feature)) {
              assertTrue(
                  ServingFixture.same(expected, value),
                  what
                      + "."
                      + feature
                      + " as of "
                      + t
                      + ": core "
                      + expected
                      + ", served "
                      + value);
            }
            seen.add(ValueStatusSeen.PRESENT);
          }
        }
      }
    }
  }

  private static List<Object> keys(int view, Asked asked, int row) {
    String origin = asked.origins.get(row);
    String destination = asked.destinations.get(row);
    return switch (VIEWS.get(view).name()) {
      case "origin_delays" -> List.of(origin);
      case "dest_delays" -> List.of(destination);
      default -> List.of(origin, destination);
    };
  }

  // ---- clients and the job ----

  private static void askUntilStopped(Random random, AtomicBoolean writing) {
    while (writing.get()) {
      List<String> origins = new ArrayList<>();
      List<String> destinations = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        List<String> route = routes.get(random.nextInt(routes.size()));
        origins.add(route.get(0));
        destinations.add(random.nextInt(10) == 0 ? "ZZZ" : route.get(1));
      }
      Asked answer;
      try {
        answer = ask(origins, destinations, server.httpPort());
      } catch (Exception failed) {
        throw new AssertionError(failed);
      }
      ASKED.incrementAndGet();
      synchronized (DURING_WRITES) {
        if (DURING_WRITES.size() < (PHASE.get() + 1) * KEPT_PER_PHASE) {
          DURING_WRITES.add(answer);
        }
      }
    }
  }

  private static Asked ask(List<String> origins, List<String> destinations, int port)
      throws Exception {
    ObjectNode body = ServingFixture.JSON.createObjectNode();
    ArrayNode refs = body.putArray("features");
    for (FeatureView view : VIEWS) {
      view.features().forEach(f -> refs.add(view.name() + "." + f.name()));
    }
    ObjectNode entities = body.putObject("entities");
    origins.forEach(entities.putArray("origin")::add);
    destinations.forEach(entities.putArray("destination")::add);
    HttpResponse<String> response = post(port, "/v1/features", body.toString());
    assertEquals(200, response.statusCode(), response.body());
    return new Asked(List.copyOf(origins), List.copyOf(destinations), json(response.body()));
  }

  /**
   * Whether Redis holds every entity of every view (but the last flight's) as of at least its
   * newest event plus the view's shortest window: the tail drop the last flight's watermark forces.
   */
  private static boolean everyTailDropIsWritten() throws Exception {
    try (OnlineStoreReader reader = OnlineStoreReader.open(redis)) {
      for (FeatureView view : VIEWS) {
        long shortest =
            view.features().stream()
                .mapToLong(f -> f.window().map(java.time.Duration::toMillis).orElse(Long.MAX_VALUE))
                .min()
                .orElseThrow();
        for (Map.Entry<List<Object>, Long> entity : core.newestEvents(view).entrySet()) {
          if (entity.getValue() == endOfData) {
            continue;
          }
          var stored = reader.read(new OnlineLookup(view, entity.getKey()));
          if (stored.isEmpty() || stored.get().asOf() < entity.getValue() + shortest) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static List<ParsedEvent> oneEventPerMillisecond(List<ParsedEvent> sorted) {
    List<ParsedEvent> kept = new ArrayList<>();
    for (ParsedEvent event : sorted) {
      if (kept.isEmpty() || kept.get(kept.size() - 1).eventTime() != event.eventTime()) {
        kept.add(event);
      }
    }
    return kept;
  }

  private static FeatureView view(String name) {
    return DEFINITIONS.view(name).orElseThrow();
  }

  /**
   * The score job of the scoring, bounded, with no requests: what it appends to
   * monitoring.predictions are the records {@code /predict} logged on the topic.
   */
  private static void copyServedPredictions() throws Exception {
    StreamExecutionEnvironment env = FLINK.environment();
    env.enableCheckpointing(500);
    new ScoreJob(
            SCORING,
            ScoreSettings.of(
                KAFKA.bootstrapServers(),
                true,
                catalog(),
                "score-copies-served",
                redis,
                TritonClientLoader.of(
                    TritonClient.builder().endpoint("127.0.0.1:" + triton.port()))))
        .build(env);
    env.execute("score job copying served predictions");
  }

  /** The request ids of served predictions in monitoring.predictions, each asserted to be once. */
  private static Set<String> servedRowsOnce() throws Exception {
    Table table = iceberg.catalog().loadTable(TableIdentifier.of("monitoring", "predictions"));
    table.refresh();
    Map<String, Integer> rows = new HashMap<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record row : records) {
        assertEquals("serve-test", row.getField("job_id"), "only served predictions");
        rows.merge((String) row.getField("request_id"), 1, Integer::sum);
      }
    }
    rows.forEach((id, count) -> assertEquals(1, count, "rows of " + id));
    return rows.keySet();
  }

  private static CatalogConfig catalog() {
    return new CatalogConfig(LocalIcebergCatalog.NAME, iceberg.properties());
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  private static void waitUntil(Condition condition, String what) throws Exception {
    long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!condition.holds()) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("gave up waiting: " + what);
      }
      Thread.sleep(200);
    }
  }
}
