package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.online.OnlineRecordCodec;
import dev.tributary.embedded.JobConditions;
import dev.tributary.embedded.ProcessFlinkCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * One {@code materialize} run on a {@link ProcessFlinkCluster} that a test disturbs, and the clean
 * run it must equal, both driven through the command line.
 *
 * <p>The faulty run reads two days of flights published in four half-day {@link #publish stages}
 * (the first before the job starts) into a topic of its own, so the test can disturb the job while
 * it has new events to process. {@link #finishAndAssertEqualToACleanRun()} waits until every event
 * has been read and checkpointed, stops the job with a draining savepoint, and runs the same
 * definitions as one bounded job over the same topic into a second catalog: every table must hold
 * the same rows and every Redis key the same value.
 */
final class MaterializeRunComparison {
  static final List<String> STAGES =
      List.of(
          "2001-01-01T00:00:00Z",
          "2001-01-01T12:00:00Z",
          "2001-01-02T00:00:00Z",
          "2001-01-02T12:00:00Z",
          "2001-01-03T00:00:00Z");
  static final Duration RECOVERY = Duration.ofMinutes(4);
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

  private MaterializeRunComparison(
      ProcessFlinkCluster cluster,
      String kafka,
      String redisAddress,
      Jedis redis,
      Path folder,
      String name)
      throws Exception {
    this.cluster = cluster;
    this.kafka = kafka;
    this.redis = redis;
    this.redisAddress = redisAddress;
    this.folder = folder;
    this.topic = "flights-" + name;
    this.definitions = definitionsReading(topic, folder);
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
      String name)
      throws Exception {
    return new MaterializeRunComparison(cluster, kafka, redisAddress, redis, folder, name);
  }

  JobConditions conditions() {
    return conditions;
  }

  /** Publishes the half day {@code stage} (1 to 3) of flights. */
  void publish(int stage) {
    cli(
        "replay", definitions.toString(),
        "--bootstrap-servers", kafka,
        "--topic", topic,
        "--from", STAGES.get(stage),
        "--to", STAGES.get(stage + 1));
  }

  /** Waits until every task runs and a checkpoint has completed since the call. */
  void awaitRunningWithANewCheckpoint() throws Exception {
    long before = conditions.completedCheckpoints();
    conditions.await(
        "every task runs and a checkpoint completed after checkpoint " + before,
        RECOVERY,
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
  void finishAndAssertEqualToACleanRun() throws Exception {
    awaitRunningWithANewCheckpoint();
    conditions.await(
        "every published flight is read and checkpointed", RECOVERY, this::consumedEverything);
    cli(
        "jobs",
        "savepoint",
        job.toHexString(),
        "--stop",
        "--drain",
        "--jobmanager",
        cluster.jobManagerAddress());
    conditions.await("the job finished", RECOVERY, () -> conditions.status() == JobStatus.FINISHED);

    Map<String, String> faultyRedis = contents(redis);
    redis.flushAll();
    awaitFreeSlots(PARTITIONS);
    cli(materialize("clean", "--bounded"));
    Map<String, String> cleanRedis = contents(redis);

    assertTrue(cleanRedis.size() > 100, "the clean run wrote " + cleanRedis.size() + " keys");
    assertEquals(cleanRedis, faultyRedis, "every Redis key as after the clean run");
    Map<String, List<String>> clean = CatalogContents.of(folder.resolve("clean"));
    Map<String, List<String>> faulty = CatalogContents.of(folder.resolve("faulty"));
    assertEquals(clean.keySet(), faulty.keySet(), "tables");
    assertTrue(
        clean.values().stream().mapToInt(List::size).sum() > 1000, "rows of " + clean.keySet());
    clean.forEach((table, rows) -> assertEquals(rows, faulty.get(table), table + " row for row"));
  }

  /** Waits until the finished job's slots are back: a job started before would find none. */
  private void awaitFreeSlots(int slots) throws InterruptedException {
    long deadline = System.nanoTime() + RECOVERY.toNanos();
    while (cluster.availableSlots() < slots) {
      assertTrue(System.nanoTime() < deadline, slots + " free slots within " + RECOVERY);
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
   * beside a link to the checkout's model repository (the definitions name it as a sibling).
   */
  private static Path definitionsReading(String topic, Path folder) throws IOException {
    Path original = Checkout.exampleDefinitions();
    Path copy = folder.resolve(original.getFileName().toString());
    Files.createDirectories(folder);
    Files.createSymbolicLink(
        folder.resolve("triton-models"), Checkout.root().resolve("triton-models"));
    try (Stream<Path> files = Files.walk(original)) {
      for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
        Path target = copy.resolve(original.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    Path sources = copy.resolve("sources.yaml");
    String text = Files.readString(sources);
    String changed = text.replaceFirst("(?m)^    topic: flights$", "    topic: " + topic);
    assertTrue(!changed.equals(text), "sources.yaml declares topic: flights");
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

  private static String submitted(String output) {
    Matcher id = SUBMITTED.matcher(output);
    assertTrue(id.find(), "no job id in: " + output);
    return id.group(1);
  }

  /**
   * Every Redis key with its value: each online view's record in it, decoded (the sections'
   * expiries, times of writing, differ between runs), anything else by type.
   */
  private Map<String, String> contents(Jedis redis) {
    List<FeatureView> views = FeatureRepository.load(definitions).views();
    Map<String, String> contents = new TreeMap<>();
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = redis.scan(cursor, new ScanParams().count(1000));
      for (String key : page.getResult()) {
        String type = redis.type(key);
        if (!type.equals("string")) {
          contents.put(key, type);
          continue;
        }
        byte[] value = redis.get(key.getBytes(StandardCharsets.UTF_8));
        Map<String, String> records = new TreeMap<>();
        for (FeatureView view : views) {
          OnlineRecord record = OnlineRecordCodec.of(view).decode(value, 0);
          if (record != null) {
            records.put(view.versionedName(), record.toString());
          }
        }
        contents.put(key, records.toString());
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return contents;
  }
}
