package dev.tributary.flink.faults;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.embedded.EmbeddedKafka;
import dev.tributary.embedded.EmbeddedRedis;
import dev.tributary.embedded.LocalFlinkCluster;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.JobWaits;
import dev.tributary.flink.KafkaTopics;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.materialize.HistoryAssertions;
import dev.tributary.flink.materialize.MaterializeJob;
import dev.tributary.flink.materialize.OnlineAssertions;
import dev.tributary.flink.online.OnlineStoreContents;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.flink.score.ConsumerOffsets;
import dev.tributary.flink.score.ScoringOutcomes;
import dev.tributary.flink.score.ScoringRun;
import dev.tributary.triton.server.LocalTritonServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;

/**
 * The materialize job and the score job running side by side (on a MiniCluster or a cluster of
 * separate processes, as the {@link JobLauncher} starts them), on real Kafka, Redis, Iceberg and
 * the local Triton-protocol server, fed the flights sample in {@link #STAGES} so that a test can
 * disturb them while they have work to do.
 *
 * <p>Stage 0 (flights and requests) is published before the jobs start; each later stage when the
 * test says. {@link #awaitCaughtUp} waits until the materialize job's consumer group has committed
 * (on a checkpoint) every published flight and every published request has ended as a committed
 * prediction or dead letter. {@link #finishAndAssertNothingLost} then stops the materialize job
 * with a draining savepoint and checks everything against independent references:
 *
 * <ul>
 *   <li>the history tables hold exactly the core's change points of every published flight (a
 *       brute-force reference, {@link HistoryAssertions}): nothing lost, nothing twice;
 *   <li>Redis holds, per entity, the core's values as of its stored as-of time, and that time is
 *       past the entity's newest flight ({@link OnlineAssertions}); read through the online store's
 *       reader, each record equals its history table's row as of that time ({@link
 *       OnlineStoreContents}): the values converged;
 *   <li>every request ended as exactly one prediction or one dead letter ({@link ScoringOutcomes}).
 * </ul>
 *
 * <p>Both jobs restart from their latest checkpoint a bounded number of times ({@link #RESTARTS} on
 * a MiniCluster): a fault may fail them, but one they cannot recover from fails the test, and every
 * wait fails at once with a job's exception when it has ended ({@link JobWaits}).
 */
public final class FeaturesAndScoring implements AutoCloseable {
  static final List<String> STAGES =
      List.of("2001-01-01T00", "2001-01-01T06", "2001-01-01T12", "2001-01-01T18");
  static final int RESTARTS = 30;
  static final Duration WAIT = Duration.ofMinutes(4);
  private static final int REQUESTS = 450;
  private static final String FLIGHTS_TOPIC = "flights";
  private static final String FEATURES_GROUP = "features";

  private static final FeatureRepository DEFINITIONS = FlightsSample.definitions();
  private static final Source FLIGHTS = DEFINITIONS.source("flights").orElseThrow();

  private final String kafka;
  private final RedisOptions redis;
  private final JobLauncher launcher;
  private final LocalIcebergCatalog iceberg;
  private final LocalTritonServer triton;
  private final String name;
  private final ScoringOutcomes outcomes;
  private final List<List<ParsedEvent>> flights = new ArrayList<>();
  private final ScoringRun requests;
  private final List<ParsedEvent> published = new ArrayList<>();
  private int requestsPublished;
  private final JobClient materialize;
  private final JobClient score;
  private final List<ViewProgram> programs;

  /** Both jobs on {@code flink}, a MiniCluster: see the main constructor. */
  FeaturesAndScoring(
      EmbeddedKafka kafka, EmbeddedRedis redis, LocalFlinkCluster flink, String name, long seed)
      throws Exception {
    this(kafka, redis, new MiniClusterJobs(flink), name, seed);
  }

  /**
   * Starts an Iceberg catalog and the inference server of its own, publishes stage 0 and starts
   * both jobs with {@code launcher}. {@code name} is the score job's consumer group and names its
   * requests topic; the flights go to the definitions' topic.
   */
  public FeaturesAndScoring(
      EmbeddedKafka kafka, EmbeddedRedis redis, JobLauncher launcher, String name, long seed)
      throws Exception {
    this.kafka = kafka.bootstrapServers();
    this.redis = RedisOptions.builder(redis.host(), redis.port()).build();
    this.launcher = launcher;
    this.iceberg = LocalIcebergCatalog.temporary();
    this.triton =
        LocalTritonServer.start(FlightsSample.repositoryRoot().resolve("triton-models"), 0);
    this.name = name;
    this.outcomes = new ScoringOutcomes(this.kafka);
    List<ParsedEvent> all = FlightsSample.eventsScheduledBefore(FLIGHTS, STAGES.get(3));
    for (int stage = 0; stage < 3; stage++) {
      long from = Instant.parse(STAGES.get(stage) + ":00:00Z").toEpochMilli();
      long to = Instant.parse(STAGES.get(stage + 1) + ":00:00Z").toEpochMilli();
      flights.add(all.stream().filter(e -> e.eventTime() >= from && e.eventTime() < to).toList());
    }
    // Requests are asked 2 hours before a flight's departure; from 02:00 on, so every stage has
    // some.
    long firstRequested = Instant.parse("2001-01-01T04:00:00Z").toEpochMilli();
    Scoring example = DEFINITIONS.scorings().get(0);
    this.requests =
        new ScoringRun(
            example,
            "requests-" + name,
            all.stream().filter(e -> e.eventTime() >= firstRequested).toList(),
            REQUESTS,
            seed);
    System.out.println("seed " + seed + " (-Dtributary.test.seed=... replays)");
    kafka.createTopic(FLIGHTS_TOPIC, 2);
    kafka.createTopic(topic(), 2);
    publish(0);
    JobLauncher.Wiring wiring =
        new JobLauncher.Wiring(
            this.kafka,
            redis.host(),
            redis.port(),
            new CatalogConfig(LocalIcebergCatalog.NAME, iceberg.properties()),
            triton.port(),
            FLIGHTS_TOPIC,
            FEATURES_GROUP,
            requests,
            name);
    this.materialize = launcher.materialize(wiring);
    this.score = launcher.score(wiring);
    this.programs =
        new MaterializeJob(DEFINITIONS, MiniClusterJobs.materializeSettings(wiring)).programs();
  }

  /** Publishes the flights of {@code stage} (1 or 2) and its share of the requests. */
  public void publish(int stage) {
    KafkaTopics.publish(kafka, FLIGHTS_TOPIC, KafkaTopics.asJson(FLIGHTS, flights.get(stage)), 2);
    published.addAll(flights.get(stage));
    int to = stage == 2 ? requests.total() : requests.total() * (stage + 1) / 3;
    KafkaTopics.publish(kafka, topic(), requests.records.subList(requestsPublished, to), 2);
    requestsPublished = to;
  }

  /**
   * Waits until the materialize job has committed every published flight on a checkpoint and every
   * published request has ended.
   */
  public void awaitCaughtUp(String when) throws Exception {
    JobWaits.until(
        "the flights published " + when + " are read and checkpointed",
        WAIT,
        () ->
            ConsumerOffsets.committed(kafka, FEATURES_GROUP, FLIGHTS_TOPIC)
                >= ConsumerOffsets.end(kafka, FLIGHTS_TOPIC),
        materialize,
        score);
    JobWaits.until(
        "the requests published " + when + " have ended",
        WAIT,
        () -> outcomes.countOfRequests(topic()) >= requestsPublished,
        materialize,
        score);
  }

  /** Requests published so far that have not ended yet. */
  private int requestsPending() throws Exception {
    return requestsPublished - outcomes.countOfRequests(topic());
  }

  /** Whether the materialize job has committed every published flight on a checkpoint. */
  private boolean flightsCheckpointed() throws Exception {
    return ConsumerOffsets.committed(kafka, FEATURES_GROUP, FLIGHTS_TOPIC)
        >= ConsumerOffsets.end(kafka, FLIGHTS_TOPIC);
  }

  /**
   * Takes Redis away with {@code down}, publishes {@code stage}, waits out {@code outage} (the
   * outage itself, not a wait for a result) and checks that both jobs still run and that nothing
   * got past Redis meanwhile: no checkpoint covers the new flights' writes, no new request ended.
   * Then brings Redis back with {@code up} and waits until both jobs have caught up.
   */
  public void publishWhileRedisIsAway(
      int stage, String how, Duration outage, Runnable down, Runnable up) throws Exception {
    down.run();
    try {
      publish(stage);
      Thread.sleep(outage.toMillis());
      assertBothRunning("Redis is " + how);
      assertFalse(
          flightsCheckpointed(),
          "with Redis " + how + ", no checkpoint can cover the new flights' writes");
      assertTrue(requestsPending() > 0, "with Redis " + how + ", no request can be scored");
    } finally {
      up.run();
    }
    awaitCaughtUp("while Redis was " + how);
  }

  /** Fails with a job's exception if either has ended: a fault must not stop them for good. */
  public void assertBothRunning(String when) throws Exception {
    JobWaits.assertStillRunning(materialize, when);
    JobWaits.assertStillRunning(score, when);
  }

  /**
   * Waits until everything published is processed, stops both jobs (the materialize job with a
   * draining savepoint, which ends its event time and commits the rest) and checks the outputs.
   */
  public void finishAndAssertNothingLost() throws Exception {
    awaitCaughtUp("at the end");
    assertBothRunning("the end");
    System.out.println(name + ": failures recovered from: " + failures());
    Path savepoints = Files.createTempDirectory("tributary-faults-savepoint-");
    materialize
        .stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    score.cancel().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

    HistoryAssertions.assertTablesHoldTheChangePointsOf(
        published, programs, iceberg.catalog(), name);
    long outOfOrder = FLIGHTS.watermarks().maxOutOfOrderness().toMillis() + 1;
    long newest = published.stream().mapToLong(ParsedEvent::eventTime).max().orElseThrow();
    OnlineAssertions.assertRedisHoldsTheValuesAsOfTheirAsOfTime(
        published, newest - outOfOrder, programs, redis);
    OnlineStoreContents.read(redis, iceberg.catalog(), programs)
        .assertEachHoldsTheHistoryAsOfItsAsOf(iceberg.catalog(), programs);
    assertTrue(requestsPublished == requests.total(), "every stage was published");
    outcomes.assertEveryRequestOfTheTopicEndsOnce(requests);
  }

  @Override
  public void close() throws Exception {
    try {
      for (JobClient job : new JobClient[] {materialize, score}) {
        if (job != null && !job.getJobStatus().get().isGloballyTerminalState()) {
          job.cancel().get();
        }
      }
    } finally {
      triton.close();
      iceberg.close();
    }
  }

  /** The failures each job restarted from (Flink's exception history), for the test's log. */
  private String failures() throws Exception {
    return "materialize " + launcher.failures(materialize) + ", score " + launcher.failures(score);
  }

  private String topic() {
    return requests.scoring.requests().topicOrNull();
  }
}
