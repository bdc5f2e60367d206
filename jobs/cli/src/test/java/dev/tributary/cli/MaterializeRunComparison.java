package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.embedded.JobConditions;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.ProcessFlinkCluster;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.materialize.HistoryAssertions;
import dev.tributary.flink.online.OnlineStoreContents;
import dev.tributary.flink.online.RedisOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import redis.clients.jedis.Jedis;

/**
 * One {@code materialize} run on a {@link ProcessFlinkCluster} that a test disturbs, and the clean
 * run it must equal, both driven through the command line.
 *
 * <p>The faulty run reads two days of flights published in four half-day {@link #publish stages}
 * (the first before the job starts) into a topic of its own, so the test can disturb the job while
 * it has new events to process. {@link #finishAndAssertEqualToACleanRun()} waits until every event
 * has been read and checkpointed, stops the job with a draining savepoint, and runs the same
 * definitions as one bounded job over the same topic into a second catalog: every table must hold
 * the same rows and every Redis key the same feature values.
 */
public final class MaterializeRunComparison {
  /**
   * The flights a run reads, and the stages it publishes them in (the first before the job starts).
   *
   * @param file the source's file, or null for the definitions' own (the committed sample)
   * @param stages stage boundaries, ISO instants
   * @param patience how long any one wait may take (recovery, catching up, the clean run's slots)
   */
  public record Flights(Path file, List<String> stages, Duration patience) {
    /** Two days of the committed sample in four half days: CI's size. */
    public static final Flights SAMPLE =
        new Flights(
            null,
            List.of(
                "2001-01-01T00:00:00Z",
                "2001-01-01T12:00:00Z",
                "2001-01-02T00:00:00Z",
                "2001-01-02T12:00:00Z",
                "2001-01-03T00:00:00Z"),
            Duration.ofMinutes(4));

    /**
     * The 3 M flights of {@code shared/data/flights-3m.parquet} in a folder above the checkout, in
     * four stages of six weeks or so; empty when the file is not there.
     */
    public static java.util.Optional<Flights> full() {
      return java.util.Optional.ofNullable(DemoCommand.findFullData(Checkout.root()))
          .map(Flights::full);
    }

    /**
     * The 3 M flights of {@code file} (2001-01-01 .. 07-01) in four stages of six weeks or so. Each
     * wait may take two hours: on a shared 2-core machine the faulty run took 38 minutes to read
     * every flight alone and more than 45 beside another 3 M job.
     */
    static Flights full(Path file) {
      return new Flights(
          file,
          List.of(
              "2001-01-01T00:00:00Z",
              "2001-02-15T00:00:00Z",
              "2001-04-01T00:00:00Z",
              "2001-05-15T00:00:00Z",
              "2001-07-02T00:00:00Z"),
          Duration.ofHours(2));
    }
  }

  /**
   * What a comparison covered: change points of the history tables' exact features, Redis records
   * (one per entity and view), and rows of the other tables, each equal in both runs.
   */
  public record Compared(long historyRows, int redisRecords, long otherRows) {}

  private static final Pattern SUBMITTED = Pattern.compile("job ([0-9a-f]{32}) submitted");
  private static final int PARTITIONS = 2;

  private final ProcessFlinkCluster cluster;
  private final String kafka;
  private final String redisAddress;
  private final Jedis redis;
  private final Path folder;
  private final Path definitions;
  private final String topic;
  private final JobID job;
  private final JobConditions conditions;
  private final Flights flights;

  private MaterializeRunComparison(
      ProcessFlinkCluster cluster,
      String kafka,
      String redisAddress,
      Jedis redis,
      Path folder,
      String name,
      Flights flights)
      throws Exception {
    this.cluster = cluster;
    this.flights = flights;
    this.kafka = kafka;
    this.redis = redis;
    this.redisAddress = redisAddress;
    this.folder = folder;
    this.topic = "flights-" + name;
    this.definitions = definitionsReading(topic, folder, flights.file());
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
    }
    redis.flushAll();
    publish(0);
    this.job = JobID.fromHexString(submitted(cli(materialize("faulty", "--detached"))));
    this.conditions = new JobConditions(cluster.client(), job);
  }

  /**
   * Publishes stage 0 and submits the faulty run reading Kafka at {@code kafka} and writing Redis
   * at {@code redisAddress} (which {@code redis} reads); its files go in {@code folder}.
   */
  static MaterializeRunComparison start(
      ProcessFlinkCluster cluster,
      String kafka,
      String redisAddress,
      Jedis redis,
      Path folder,
      String name,
      Flights flights)
      throws Exception {
    return new MaterializeRunComparison(cluster, kafka, redisAddress, redis, folder, name, flights);
  }

  /** How long any one wait of this run may take. */
  Duration patience() {
    return flights.patience();
  }

  JobConditions conditions() {
    return conditions;
  }

  /** Publishes the flights of {@code stage} (1 to 3). */
  void publish(int stage) {
    cli(
        "replay", definitions.toString(),
        "--bootstrap-servers", kafka,
        "--topic", topic,
        "--from", flights.stages().get(stage),
        "--to", flights.stages().get(stage + 1));
  }

  /** Waits until every task runs and a checkpoint has completed since the call. */
  void awaitRunningWithANewCheckpoint() throws Exception {
    long before = conditions.completedCheckpoints();
    conditions.await(
        "every task runs and a checkpoint completed after checkpoint " + before,
        flights.patience(),
        () -> conditions.allTasksRunning() && conditions.completedCheckpoints() > before);
  }

  /** Whether the job's consumer group has committed (at a checkpoint) every published event. */
  boolean consumedEverything() throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int partition = 0; partition < PARTITIONS; partition++) {
        latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
      }
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(topic + "-faulty").partitionsToOffsetAndMetadata().get();
      return admin.listOffsets(latest).all().get().entrySet().stream()
          .allMatch(
              end ->
                  committed.get(end.getKey()) != null
                      && committed.get(end.getKey()).offset() >= end.getValue().offset());
    }
  }

  /**
   * Waits until every event is read and checkpointed, stops the job with a draining savepoint, runs
   * the clean job and compares the outputs.
   */
  Compared finishAndAssertEqualToACleanRun() throws Exception {
    awaitRunningWithANewCheckpoint();
    conditions.await(
        "every published flight is read and checkpointed",
        flights.patience(),
        this::consumedEverything);
    cli(
        "jobs",
        "savepoint",
        job.toHexString(),
        "--stop",
        "--drain",
        "--jobmanager",
        cluster.jobManagerAddress());
    conditions.await(
        "the job finished", flights.patience(), () -> conditions.status() == JobStatus.FINISHED);

    List<ViewProgram> programs = programs();
    OnlineStoreContents faultyRedis = onlineStore(folder.resolve("faulty"), programs);
    redis.flushAll();
    awaitFreeSlots(PARTITIONS);
    cli(materialize("clean", "--bounded"));
    OnlineStoreContents cleanRedis = onlineStore(folder.resolve("clean"), programs);

    long historyRows;
    try (LocalIcebergCatalog clean = catalog(folder.resolve("clean"));
        LocalIcebergCatalog faulty = catalog(folder.resolve("faulty"))) {
      historyRows =
          HistoryAssertions.assertSameHistories(clean.catalog(), faulty.catalog(), programs);
      // Each run's Redis holds its own history as of the stored as-of time, and the same values.
      // The as-of time itself follows the last watermark, which a drained run that read in stages
      // moves past a bounded run's (seen: one minute later, with or without faults).
      cleanRedis.assertEachHoldsTheHistoryAsOfItsAsOf(clean.catalog(), programs);
      faultyRedis.assertEachHoldsTheHistoryAsOfItsAsOf(faulty.catalog(), programs);
    }
    faultyRedis.assertSameValuesAs(cleanRedis, programs, false);
    Map<String, List<String>> cleanTables = CatalogContents.of(folder.resolve("clean"));
    Map<String, List<String>> faultyTables = CatalogContents.of(folder.resolve("faulty"));
    assertEquals(cleanTables.keySet(), faultyTables.keySet(), "other tables");
    cleanTables.forEach(
        (table, rows) -> assertEquals(rows, faultyTables.get(table), table + " row for row"));
    return new Compared(
        historyRows,
        cleanRedis.records().size(),
        cleanTables.values().stream().mapToLong(List::size).sum());
  }

  private List<ViewProgram> programs() {
    List<ViewProgram> programs = new ArrayList<>();
    FeatureRepository.load(definitions).views().stream()
        .filter(view -> view.source().topic().isPresent())
        .forEach(view -> programs.add(ViewProgram.of(view)));
    return programs;
  }

  /** What Redis holds for every entity of the history tables in {@code dataDir}'s catalog. */
  private OnlineStoreContents onlineStore(Path dataDir, List<ViewProgram> programs)
      throws Exception {
    String[] hostPort = redisAddress.split(":");
    RedisOptions options = RedisOptions.builder(hostPort[0], Integer.parseInt(hostPort[1])).build();
    try (LocalIcebergCatalog catalog = catalog(dataDir)) {
      return OnlineStoreContents.read(options, catalog.catalog(), programs);
    }
  }

  private static LocalIcebergCatalog catalog(Path dataDir) {
    return LocalIcebergCatalog.open(dataDir.resolve("iceberg"));
  }

  /** Waits until the finished job's slots are back: a job started before would find none. */
  private void awaitFreeSlots(int slots) throws InterruptedException {
    long deadline = System.nanoTime() + flights.patience().toNanos();
    while (cluster.availableSlots() < slots) {
      assertTrue(System.nanoTime() < deadline, slots + " free slots within " + flights.patience());
      Thread.sleep(200);
    }
  }

  private String[] materialize(String run, String mode) {
    return new String[] {
      "materialize",
      definitions.toString(),
      "--jobmanager",
      cluster.jobManagerAddress(),
      "--bootstrap-servers",
      kafka,
      "--redis",
      redisAddress,
      "--group-id",
      topic + "-" + run,
      "--data-dir",
      folder.resolve(run).toString(),
      "--checkpoint-interval",
      "1s",
      mode
    };
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka));
  }

  /**
   * A copy of the example definitions in {@code folder} whose flights source reads {@code topic},
   * and {@code file} (a Parquet file) instead of the sample unless it is null.
   */
  private static Path definitionsReading(String topic, Path folder, Path file) throws IOException {
    Path copy = FlightsSample.copyDefinitions(folder);
    Path sources = copy.resolve("sources.yaml");
    String text = Files.readString(sources);
    String changed = text.replaceFirst("(?m)^    topic: flights$", "    topic: " + topic);
    assertTrue(!changed.equals(text), "sources.yaml declares topic: flights");
    if (file != null) {
      String sample = "      path: data/flights-sample.csv.gz\n      format: csv\n";
      assertTrue(changed.contains(sample), "sources.yaml reads the sample");
      changed = changed.replace(sample, "      path: " + file + "\n      format: parquet\n");
    }
    Files.writeString(sources, changed);
    return copy;
  }

  /** Runs a command line, fails with its error output unless it exits 0, returns its output. */
  static String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Tributary.run(new PrintWriter(out), new PrintWriter(err), args);
    assertEquals(0, exit, String.join(" ", args) + "\n" + err);
    return out.toString();
  }

  /** The job id a command printed on submitting its job ({@code job ID submitted: ...}). */
  static String submitted(String output) {
    Matcher id = SUBMITTED.matcher(output);
    assertTrue(id.find(), "no job id in: " + output);
    return id.group(1);
  }
}
