package dev.tributary.flink.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.ModelVersionFolder;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.defs.Source;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.score.ModelInputs;
import dev.tributary.core.score.SplitHistory;
import dev.tributary.core.score.SplitMessage;
import dev.tributary.core.score.TrafficSplit;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.embedded.junit.RedisExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.JobWaits;
import dev.tributary.flink.KafkaTopics;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.materialize.MaterializeJob;
import dev.tributary.flink.materialize.MaterializeSettings;
import dev.tributary.flink.online.OnlineLookup;
import dev.tributary.flink.online.OnlineStoreReader;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.client.TritonClientLoader;
import dev.tributary.triton.server.LocalTritonServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The score job end to end on real services: features materialized from the flights sample into
 * Redis by the streaming job, the local Triton-protocol server serving both flight_delay versions
 * of triton-models/, Kafka in and out, Iceberg's monitoring.predictions.
 */
class ScoreJobTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private static final long SEED = Long.getLong("tributary.test.seed", 20010102L);
  private static final FeatureRepository DEFINITIONS = FlightsSample.definitions();
  private static final Scoring EXAMPLE = DEFINITIONS.scorings().get(0);
  private static final Path MODELS = FlightsSample.repositoryRoot().resolve("triton-models");

  private static ScoringOutcomes outcomes;
  private static List<ParsedEvent> requestFlights;
  private static LocalTritonServer triton;
  private static LocalIcebergCatalog iceberg;
  private static RedisOptions redis;
  private static dev.tributary.core.defs.FileInput streamedFlights;

  @BeforeAll
  static void materializeFeaturesAndStartTriton() throws Exception {
    System.out.println("seed " + SEED + " (-Dtributary.test.seed=... replays)");
    Source flights = DEFINITIONS.source("flights").orElseThrow();
    List<ParsedEvent> events = FlightsSample.eventsScheduledBefore(flights, "2001-01-01T14");
    long from = java.time.Instant.parse("2001-01-01T08:00:00Z").toEpochMilli();
    requestFlights = events.stream().filter(e -> (Long) e.row()[0] >= from).toList();
    KAFKA.createTopic("flights", 2);
    List<String> flightRecords = KafkaTopics.asJson(flights, events);
    KafkaTopics.publish(KAFKA.bootstrapServers(), "flights", flightRecords, 2);
    // what the streaming job saw, for the consistency check to recompute from
    Path streamed = java.nio.file.Files.createTempFile("streamed-flights", ".json");
    java.nio.file.Files.write(streamed, flightRecords);
    streamed.toFile().deleteOnExit();
    streamedFlights = new dev.tributary.core.defs.FileInput(streamed, "json");
    iceberg = LocalIcebergCatalog.temporary();
    redis = RedisOptions.builder(REDIS.host(), REDIS.port()).build();
    StreamExecutionEnvironment env = FLINK.environment();
    new MaterializeJob(
            DEFINITIONS,
            new MaterializeSettings(
                KAFKA.bootstrapServers(), "features", true, catalog(), "features", redis))
        .build(env);
    env.execute("features for scoring");
    triton = LocalTritonServer.start(MODELS, 0);
    outcomes = new ScoringOutcomes(KAFKA.bootstrapServers());
  }

  @AfterAll
  static void stop() throws Exception {
    if (triton != null) {
      triton.close();
    }
    if (iceberg != null) {
      iceberg.close();
    }
  }

  static CatalogConfig catalog() {
    return new CatalogConfig(LocalIcebergCatalog.NAME, iceberg.properties());
  }

  static ScoreSettings settings(String run, boolean bounded) {
    return settings(run, bounded, triton.port());
  }

  /** The settings of a run scoring through the inference server on {@code port}. */
  static ScoreSettings settings(String run, boolean bounded, int port) {
    return ScoreSettings.of(
            KAFKA.bootstrapServers(),
            bounded,
            catalog(),
            run,
            redis,
            TritonClientLoader.of(TritonClient.builder().endpoint("localhost:" + port)))
        .withGroupId(run);
  }

  /**
   * Every request scored once, as ONNX Runtime scores the logged inputs in process; routed by the
   * split in force at its request time, a split set before the job started taking over in the
   * middle of the requests' times; the bad requests in the dead letters with their reasons.
   */
  @Test
  void everyRequestIsScoredAsOnnxRuntimeWouldByTheVersionItsSplitChose() throws Exception {
    ScoringRun run = new ScoringRun(EXAMPLE, "requests-e2e", requestFlights, 1500, SEED);
    long middle =
        run.requests.stream()
            .mapToLong(r -> (Long) r[1])
            .sorted()
            .skip(run.requests.size() / 2)
            .findFirst()
            .orElseThrow();
    SplitControlTopic.write(
        KAFKA.bootstrapServers(),
        new SplitMessage(
            EXAMPLE.name(),
            new TrafficSplit(
                EXAMPLE.name() + "#e2e", middle, new TreeMap<>(Map.of(1L, 30, 2L, 70)))));
    publish(run);
    String staleOrigin = makeOneRedisValueStale(run);
    StreamExecutionEnvironment env = FLINK.environment();
    env.enableCheckpointing(300);
    new ScoreJob(run.scoring, settings("e2e", true)).build(env);
    env.execute("score e2e");

    Map<String, JsonNode> predictions = outcomes.assertEveryRequestEndsOnce(run, "e2e");
    Set<String> splitIds = assertRoutedByTheSplitInForce(run, predictions);
    assertTrue(
        splitIds.containsAll(List.of(EXAMPLE.name() + "#0", EXAMPLE.name() + "#e2e")),
        splitIds.toString());
    assertFeaturesAreTheOnlineValues(run, predictions);
    assertScoresAreOnnxRuntimes(predictions);
    assertTableHolds("e2e", predictions.keySet());
    assertConsistencyFindsOnlyTheStaleValue(run, staleOrigin);
  }

  /**
   * Overwrites origin_delays.mean_delay_1h of the first request's origin in Redis (keeping its
   * as-of time): a value the streaming job never computed, which the consistency check must find.
   */
  private static String makeOneRedisValueStale(ScoringRun run) {
    String origin = (String) run.requests.get(0)[4];
    var view = DEFINITIONS.view("origin_delays").orElseThrow();
    int feature = view.features().indexOf(view.feature("mean_delay_1h").orElseThrow());
    var options =
        dev.tributary.flink.online.RedisOptions.builder(REDIS.host(), REDIS.port()).build();
    try (var reader = dev.tributary.flink.online.OnlineStoreReader.open(options);
        var writer = dev.tributary.flink.online.OnlineStoreWriter.open(options, List.of(view))) {
      var stored =
          reader.read(dev.tributary.flink.online.OnlineLookup.of(view, origin)).orElseThrow();
      Object[] values = stored.values().toArray();
      values[feature] = 12345.5;
      // An equal as-of overwrites: the stale value keeps the as-of time the job wrote.
      writer.write(
          List.of(
              dev.tributary.flink.online.OnlineUpdate.of(
                  view, List.of(origin), stored.asOf(), values, null)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return origin;
  }

  /**
   * The training-set job recomputes every logged feature at its logged as-of time: equal everywhere
   * except the stale value, found in every prediction that used it.
   */
  private static void assertConsistencyFindsOnlyTheStaleValue(ScoringRun run, String staleOrigin)
      throws Exception {
    long from = run.requests.stream().mapToLong(r -> (Long) r[1]).min().orElseThrow();
    long to = run.requests.stream().mapToLong(r -> (Long) r[1]).max().orElseThrow() + 1;
    var tally =
        new dev.tributary.flink.consistency.ConsistencyCheck(
                EXAMPLE,
                catalog(),
                iceberg.folder().resolve("consistency"),
                Map.of("flights", streamedFlights),
                () -> {
                  StreamExecutionEnvironment batch = FLINK.environment();
                  return batch;
                })
            .run(from, to);
    long stale = run.requests.stream().filter(r -> staleOrigin.equals(r[4])).count();
    tally
        .features()
        .forEach(
            (feature, t) ->
                System.out.println(
                    feature
                        + ": "
                        + t.compared
                        + " compared, "
                        + t.different
                        + " different "
                        + t.examples));
    for (var entry : tally.features().entrySet()) {
      assertTrue(entry.getValue().compared > 0, entry.getKey());
      if (entry.getKey().equals("origin_delays.mean_delay_1h")) {
        assertTrue(
            entry.getValue().different >= stale, entry.getKey() + " " + entry.getValue().examples);
        entry.getValue().examples.forEach(e -> assertTrue(e.contains("online 12345.5"), e));
      } else {
        assertEquals(
            0, entry.getValue().different, entry.getKey() + " " + entry.getValue().examples);
      }
    }
    assertEquals(EXAMPLE.model().inputs().size(), tally.features().size());
  }

  /**
   * The inference server, a process of its own, is killed with SIGKILL after the first half of the
   * requests has been scored, and the second half is sent while it is down; once the job has read
   * them, the server comes back on the same port. Nothing lost, nothing doubled.
   */
  @Test
  void inferenceServerKilledAndRestartedMidRun() throws Exception {
    ScoringRun run = new ScoringRun(EXAMPLE, "requests-outage", requestFlights, 600, SEED + 1);
    int half = run.records.size() / 2;
    KAFKA.createTopic(run.scoring.requests().topicOrNull(), 2);
    KafkaTopics.publish(
        KAFKA.bootstrapServers(),
        run.scoring.requests().topicOrNull(),
        run.records.subList(0, half),
        2);
    InferenceServerProcess server = InferenceServerProcess.start(MODELS);
    StreamExecutionEnvironment env = FLINK.environment();
    env.enableCheckpointing(300);
    new ScoreJob(run.scoring, settings("outage", false, server.port())).build(env);
    var job = env.executeAsync("score with an outage");
    try (server) {
      waitUntil(() -> outcomes.count("outage") >= half, "first half scored", job);
      // A split set while the job runs, effective from the middle of the second half's request
      // times; the job has applied it once its control source committed past it on a checkpoint.
      long middle =
          run.requests.subList(half, run.requests.size()).stream()
              .mapToLong(r -> (Long) r[1])
              .sorted()
              .skip((run.requests.size() - half) / 2)
              .findFirst()
              .orElseThrow();
      SplitControlTopic.write(
          KAFKA.bootstrapServers(),
          new SplitMessage(
              EXAMPLE.name(),
              new TrafficSplit(
                  EXAMPLE.name() + "#outage", middle, new TreeMap<>(Map.of(1L, 10, 2L, 90)))));
      long splits = ConsumerOffsets.end(KAFKA.bootstrapServers(), SplitControlTopic.TOPIC);
      waitUntil(
          () ->
              ConsumerOffsets.committed(
                      KAFKA.bootstrapServers(), "outage-splits", SplitControlTopic.TOPIC)
                  >= splits,
          "split applied",
          job);
      server.kill();
      KafkaTopics.publish(
          KAFKA.bootstrapServers(),
          run.scoring.requests().topicOrNull(),
          run.records.subList(half, run.records.size()),
          2);
      waitUntil(
          () ->
              ConsumerOffsets.committed(
                      KAFKA.bootstrapServers(), "outage", run.scoring.requests().topicOrNull())
                  >= run.records.size() - half + half,
          "second half read",
          job);
      server.restart();
      waitUntil(
          () -> outcomes.count("outage") >= run.total(),
          "every request scored or dead-lettered",
          job);
    } finally {
      job.cancel().get();
    }
    Map<String, JsonNode> predictions = outcomes.assertEveryRequestEndsOnce(run, "outage");
    // Requests whose retries ran out while the server was down are dead letters (counted once by
    // assertEveryRequestEndsOnce); how many depends on how long the restart takes on a loaded
    // machine, so only the half scored before the outage is certain.
    assertTrue(predictions.size() >= half, "the first half was scored: " + predictions.size());
    assertTrue(
        assertRoutedByTheSplitInForce(run, predictions).contains(EXAMPLE.name() + "#outage"),
        "the split set while running took over");
  }

  /**
   * Version 2 of the split stops being READY while the job runs: its folder is removed from the
   * server's repository and the model reloaded, so the server serves version 1 only. Requests the
   * split routes to version 2 after that become dead letters naming the model, the version and the
   * gRPC status; none is re-routed to version 1, and every request still ends exactly once.
   */
  @Test
  void aVersionNoLongerReadyMidRunGivesDeadLettersNeverAReroute() throws Exception {
    Path repository = java.nio.file.Files.createTempDirectory("unready-models");
    copyFolder(MODELS, repository);
    ScoringRun run = new ScoringRun(EXAMPLE, "requests-unready", requestFlights, 400, SEED + 3);
    String topic = run.scoring.requests().topicOrNull();
    int half = run.records.size() / 2;
    KAFKA.createTopic(topic, 2);
    KafkaTopics.publish(KAFKA.bootstrapServers(), topic, run.records.subList(0, half), 2);
    try (LocalTritonServer own = LocalTritonServer.start(repository, 0);
        TritonClient admin = TritonClient.builder().endpoint("localhost:" + own.port()).build()) {
      StreamExecutionEnvironment env = FLINK.environment();
      env.enableCheckpointing(300);
      ScoreSettings settings =
          ScoreSettings.of(
                  KAFKA.bootstrapServers(),
                  false,
                  catalog(),
                  "unready",
                  redis,
                  TritonClientLoader.of(TritonClient.builder().endpoint("localhost:" + own.port())))
              .withGroupId("unready");
      new ScoreJob(run.scoring, settings).build(env);
      var job = env.executeAsync("score with a version unloaded");
      try {
        waitUntil(() -> outcomes.count("unready") >= half, "first half scored", job);
        deleteFolder(repository.resolve("flight_delay/2"));
        admin.loadModel("flight_delay");
        assertTrue(!admin.modelReady("flight_delay", "2"), "version 2 is no longer READY");
        assertTrue(admin.modelReady("flight_delay", "1"), "version 1 still is");
        KafkaTopics.publish(
            KAFKA.bootstrapServers(), topic, run.records.subList(half, run.records.size()), 2);
        waitUntil(
            () -> outcomes.count("unready") >= run.total(),
            "every request scored or dead-lettered",
            job);
      } finally {
        job.cancel().get();
      }
    }
    Map<String, JsonNode> predictions = outcomes.assertEveryRequestEndsOnce(run, "unready");
    assertRoutedByTheSplitInForce(run, predictions);
    SplitHistory history = history();
    List<JsonNode> dead = outcomes.ofJob(DeploymentPlan.DEAD_LETTER_TOPIC, "unready");
    int toVersion2 = 0;
    for (Object[] request : run.requests) {
      String id = (String) request[0];
      TrafficSplit split = history.at((Long) request[1]);
      long version = split.route(request[4] + "-" + request[5], EXAMPLE.name());
      boolean sentAfterUnload =
          run.records.subList(half, run.records.size()).stream()
              .anyMatch(r -> r.contains("\"" + id + "\""));
      if (version != 2 || !sentAfterUnload) {
        continue;
      }
      toVersion2++;
      assertTrue(!predictions.containsKey(id), id + " was routed to version 2 and still predicted");
      JsonNode letter =
          dead.stream()
              .filter(d -> d.get("reason").asText().contains("request " + id + ":"))
              .findFirst()
              .orElseThrow(() -> new AssertionError(id + " has no dead letter"));
      String reason = letter.get("reason").asText();
      assertTrue(reason.contains("model flight_delay version 2"), reason);
      assertTrue(reason.contains("NOT_FOUND"), reason);
      // what the monitor job counts a version's errors by (DeadLetterRecords)
      assertEquals("flight_delay", letter.path("model").asText(), letter.toString());
      assertEquals("2", letter.path("version").asText(), letter.toString());
      assertEquals((long) (Long) request[1], letter.path("event_time").asLong(), "request time");
    }
    assertTrue(toVersion2 > 0, "some requests after the unload were routed to version 2");
  }

  private static void copyFolder(Path from, Path to) throws java.io.IOException {
    try (var paths = java.nio.file.Files.walk(from)) {
      for (Path path : paths.toList()) {
        java.nio.file.Files.copy(
            path,
            to.resolve(from.relativize(path).toString()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static void deleteFolder(Path folder) throws java.io.IOException {
    try (var paths = java.nio.file.Files.walk(folder)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(path);
      }
    }
  }

  /**
   * A failure after a completed checkpoint: the first half of the requests is routed, then the test
   * takes a checkpoint (which therefore holds every one of them as read), arms the failure and
   * publishes the second half; the failure hits its first request, the job restores from the
   * checkpoint and the outputs hold every request once. The checkpoint is the test's own, not the
   * interval's, so the test does not depend on how fast checkpoints complete on a loaded machine.
   */
  @Test
  void jobFailureAndRestoreScoreEveryRequestOnce() throws Exception {
    ScoringRun run = new ScoringRun(EXAMPLE, "requests-restore", requestFlights, 600, SEED + 2);
    String topic = run.scoring.requests().topicOrNull();
    int half = run.records.size() / 2;
    KAFKA.createTopic(topic, 2);
    KafkaTopics.publish(KAFKA.bootstrapServers(), topic, run.records.subList(0, half), 2);
    FailWhenArmed.ARMED.set(false);
    FailWhenArmed.FAILED.set(false);
    FailWhenArmed.SEEN.set(0);
    StreamExecutionEnvironment env = FLINK.environment();
    Configuration restartOnce = new Configuration();
    restartOnce.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    restartOnce.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
    restartOnce.set(
        RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
        java.time.Duration.ofMillis(500));
    env.configure(restartOnce);
    env.enableCheckpointing(300);
    new ScoreJob(run.scoring, settings("restore", false), new FailWhenArmed()).build(env);
    var job = env.executeAsync("score with a failure");
    try {
      waitUntil(
          () -> {
            if (job.getJobStatus().get().isGloballyTerminalState()) {
              job.getJobExecutionResult().get(); // throws the job's own failure, if it failed
              throw new AssertionError("the job ended before it read the first half");
            }
            return FailWhenArmed.SEEN.get() >= half;
          },
          "first half routed",
          job);
      FLINK.service().checkpoint(job.getJobID(), java.time.Duration.ofMinutes(3));
      FailWhenArmed.ARMED.set(true);
      KafkaTopics.publish(
          KAFKA.bootstrapServers(), topic, run.records.subList(half, run.records.size()), 2);
      waitUntil(
          () -> outcomes.count("restore") >= run.total(),
          "every request scored or dead-lettered",
          job);
    } finally {
      job.cancel().get();
    }
    assertTrue(FailWhenArmed.FAILED.get(), "the failure was induced");
    Map<String, JsonNode> predictions = outcomes.assertEveryRequestEndsOnce(run, "restore");
    assertRoutedByTheSplitInForce(run, predictions);
    assertTableHolds("restore", predictions.keySet());
  }

  // ---- helpers ----

  /**
   * Each prediction's split id and version are those of the split in force at its request time,
   * computed here from the control topic; per-version counts match. Returns the split ids used.
   */
  private static Set<String> assertRoutedByTheSplitInForce(
      ScoringRun run, Map<String, JsonNode> predictions) {
    SplitHistory history = history();
    Map<Long, Integer> perVersion = new TreeMap<>();
    Map<Long, Integer> expectedPerVersion = new TreeMap<>();
    Set<String> splitIds = new HashSet<>();
    for (Object[] request : run.requests) {
      JsonNode p = predictions.get((String) request[0]);
      if (p == null) {
        continue; // dead-lettered: counted by assertEveryRequestEndsOnce
      }
      String routingKey = request[4] + "-" + request[5];
      TrafficSplit split = history.at((Long) request[1]);
      long version = split.route(routingKey, EXAMPLE.name());
      assertEquals(split.id(), p.get("split_id").asText(), "split of " + request[0]);
      assertEquals(version, p.get("version_chosen").asLong(), "version of " + request[0]);
      assertEquals(version, p.get("version_served").asLong());
      expectedPerVersion.merge(version, 1, Integer::sum);
      perVersion.merge(p.get("version_served").asLong(), 1, Integer::sum);
      splitIds.add(split.id());
    }
    assertEquals(expectedPerVersion, perVersion);
    return splitIds;
  }

  private static void publish(ScoringRun run) {
    KAFKA.createTopic(run.scoring.requests().topicOrNull(), 2);
    KafkaTopics.publish(
        KAFKA.bootstrapServers(), run.scoring.requests().topicOrNull(), run.records, 2);
  }

  private static SplitHistory history() {
    SplitHistory history = SplitHistory.of(EXAMPLE);
    for (SplitMessage message :
        SplitControlTopic.read(KAFKA.bootstrapServers(), EXAMPLE.name(), bad -> {})) {
      history = history.with(message.split());
    }
    return history;
  }

  /**
   * The logged features are what Redis holds for the request's entities, with their as-of times.
   */
  private static void assertFeaturesAreTheOnlineValues(
      ScoringRun run, Map<String, JsonNode> predictions) throws Exception {
    ModelInputs inputs = new ModelInputs(EXAMPLE.model(), EXAMPLE.requests().schema());
    try (OnlineStoreReader reader = OnlineStoreReader.open(redis)) {
      for (Object[] request : run.requests) {
        JsonNode p = predictions.get((String) request[0]);
        List<OnlineRecord> records = new ArrayList<>();
        for (int v = 0; v < inputs.views().size(); v++) {
          records.add(
              reader
                  .read(new OnlineLookup(inputs.views().get(v), inputs.keyValues(v, request)))
                  .orElse(null));
        }
        // the values before the missing policy: any means will do
        var row =
            inputs.assemble(
                records, (Long) request[1], new double[EXAMPLE.model().inputs().size()]);
        for (int f = 0; f < row.features().length; f++) {
          JsonNode logged = p.get("feature_values").get(f);
          Object online = row.features()[f];
          if (online == null) {
            assertTrue(logged.isNull(), request[0] + " feature " + f);
          } else {
            assertEquals(
                ((Number) online).doubleValue(), logged.asDouble(), request[0] + " feature " + f);
          }
        }
      }
    }
  }

  /** Scores equal, float for float, ONNX Runtime's for the same inputs in this process. */
  private static void assertScoresAreOnnxRuntimes(Map<String, JsonNode> predictions)
      throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    for (long version : List.of(1L, 2L)) {
      double[] means = ModelVersionFolder.read(MODELS, "flight_delay", version).trainingMeans();
      List<JsonNode> ofVersion =
          predictions.values().stream()
              .filter(p -> p.get("version_served").asLong() == version)
              .toList();
      assertTrue(!ofVersion.isEmpty(), "version " + version + " served some");
      float[][] rows = new float[ofVersion.size()][means.length];
      for (int r = 0; r < rows.length; r++) {
        for (int f = 0; f < means.length; f++) {
          JsonNode value = ofVersion.get(r).get("feature_values").get(f);
          rows[r][f] = (float) (value.isNull() ? means[f] : value.asDouble());
        }
      }
      try (OrtSession session =
              env.createSession(
                  MODELS.resolve("flight_delay/" + version + "/model.onnx").toString());
          OnnxTensor input = OnnxTensor.createTensor(env, rows);
          OrtSession.Result result = session.run(Map.of("input", input))) {
        float[][] scores = (float[][]) result.get(0).getValue();
        for (int r = 0; r < rows.length; r++) {
          JsonNode logged = ofVersion.get(r).get("scores");
          for (int k = 0; k < scores[r].length; k++) {
            assertEquals(
                scores[r][k],
                (float) logged.get(k).asDouble(),
                "scores of " + ofVersion.get(r).get("request_id"));
          }
        }
      }
    }
  }

  /** monitoring.predictions holds exactly the committed predictions of the run. */
  private static void assertTableHolds(String job, Set<String> requestIds) throws Exception {
    var table = iceberg.catalog().loadTable(TableIdentifier.of("monitoring", "predictions"));
    table.refresh();
    List<String> ids = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
      for (Record row : rows) {
        if (job.equals(row.getField("job_id"))) {
          ids.add((String) row.getField("request_id"));
        }
      }
    }
    assertEquals(requestIds.size(), ids.size(), "rows of " + job);
    assertEquals(requestIds, new HashSet<>(ids));
  }

  /** Waits up to 3 minutes; fails at once with the job's exception if it ends meanwhile. */
  static void waitUntil(JobWaits.Condition condition, String what, JobClient job) throws Exception {
    JobWaits.until(what, java.time.Duration.ofMinutes(3), condition, job);
  }

  /** Throws once, at the first request it sees after the test armed it. */
  static final class FailWhenArmed
      extends org.apache.flink.api.common.functions.RichMapFunction<ScoreRequest, ScoreRequest> {
    static final java.util.concurrent.atomic.AtomicBoolean ARMED =
        new java.util.concurrent.atomic.AtomicBoolean();
    static final java.util.concurrent.atomic.AtomicBoolean FAILED =
        new java.util.concurrent.atomic.AtomicBoolean();
    static final java.util.concurrent.atomic.AtomicInteger SEEN =
        new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public ScoreRequest map(ScoreRequest request) {
      SEEN.incrementAndGet();
      if (ARMED.get() && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("induced failure at request " + request.requestId);
      }
      return request;
    }
  }
}
