package dev.tributary.bench.materialize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.bench.BenchmarkData;
import dev.tributary.bench.HeapPeaks;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FileInput;
import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.TimestampRange;
import dev.tributary.embedded.EmbeddedKafka;
import dev.tributary.embedded.EmbeddedRedis;
import dev.tributary.embedded.LocalFlinkCluster;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.materialize.MaterializeJob;
import dev.tributary.flink.materialize.MaterializeSettings;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.io.file.EventFileReader;
import dev.tributary.io.file.EventIterator;
import dev.tributary.io.file.InputFixtures;
import dev.tributary.io.replay.EventReplayer;
import dev.tributary.io.replay.ReplaySummary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.RedisClient;

/**
 * Throughput and freshness of the streaming materialization job on the 3 M flights, against the
 * same windows written by hand in Flink SQL, for docs/benchmarks.md ("Streaming materialization").
 * Opt-in ({@code -Dtributary.benchmark=true}) and only where the data set exists.
 *
 * <pre>
 *   flights-3m.parquet ─► EventReplayer (event-time order) ─► Kafka "flights", 4 partitions   (not timed)
 *        then, one after the other on the same MiniCluster (2 slots, parallelism 2), each reading the
 *        whole topic from the start (own consumer group), timed from submission to the end:
 *          1. Flink SQL HOP peer, algebraic functions only ─► blackhole
 *          2. Flink SQL HOP peer, + PERCENTILE, COUNT(DISTINCT), ARRAY_AGG ─► blackhole
 *          3. MaterializeJob bounded ─► Iceberg (fresh catalog)
 *          4. MaterializeJob bounded ─► Iceberg + Redis (flushed first)
 *   freshness: a fresh broker, the unbounded job; the first 8 days of flights moved to end now, as fast
 *        as possible (HistoryPreload), until a checkpoint covers them (ConsumerLag); then events
 *        stamped "now" at half the rate of 4, timed event to Redis acknowledgement.
 * </pre>
 *
 * <p>Properties: {@code tributary.benchmark.events} (a prefix of N events; default all), {@code
 * tributary.benchmark.rounds} (default 1), {@code tributary.benchmark.jobs} (which of
 * peer-algebraic, peer-all, iceberg, redis to run; default all), {@code
 * tributary.benchmark.profile} (sample the task threads' stacks), {@code tributary.benchmark.rate}
 * (freshness rate in events/s, instead of half the measured one), {@code
 * tributary.benchmark.seconds} (freshness measurement, default 60, after 15 s of warm-up), {@code
 * tributary.benchmark.history-days} (days of history before the live events, default 8, so 7-day
 * windows are full; 0 starts the live events on empty state).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MaterializeBenchmark {
  private static final int PARTITIONS = 4;
  private static final long CHECKPOINT_MILLIS = 10_000;
  private static final int WARM_UP_SECONDS = 15;
  private static final int INTERVAL_SECONDS = 5;

  private static EmbeddedKafka kafka;
  private static EmbeddedRedis redis;
  private static LocalFlinkCluster flink;
  private static double materializeRate;
  private static Path checkpoints;

  private final FeatureRepository definitions = FlightsSample.definitions();
  private final Source flights = definitions.source("flights").orElseThrow();

  @BeforeAll
  static void start() throws Exception {
    BenchmarkData.flights3mOrSkip();
    checkpoints = Files.createTempDirectory("benchmark-checkpoints");
    kafka = EmbeddedKafka.start();
    redis = EmbeddedRedis.start();
    Configuration cluster = FreshnessReporter.configuration();
    // State outgrows the JobManager's 5 MB in-memory checkpoints: write them to files, as in
    // production.
    cluster.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    cluster.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    flink = FreshnessReporter.whileRegistered(() -> LocalFlinkCluster.start(2, cluster));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable service : new AutoCloseable[] {flink, kafka, redis}) {
      if (service != null) {
        service.close();
      }
    }
    if (checkpoints != null) {
      try (var files = Files.walk(checkpoints)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Test
  @Order(1)
  void eventsPerSecondOnTheFullFlights() throws Exception {
    long limit = Long.getLong("tributary.benchmark.events", -1);
    int rounds = Integer.getInteger("tributary.benchmark.rounds", 1);
    System.out.println(machine());
    kafka.createTopic(flights.topic().orElseThrow(), PARTITIONS);
    EventReplayer.Builder replay =
        EventReplayer.builder()
            .files(reader())
            .bootstrapServers(kafka.bootstrapServers())
            .progress(new PrintWriter(System.out, true), false);
    if (limit >= 0) {
      replay.limit(limit);
    }
    ReplaySummary summary = replay.build().run();
    long events = summary.published();
    System.out.printf(
        "preloaded %,d events into %d partitions in %.1f s (%s .. %s)%n",
        events,
        PARTITIONS,
        summary.publishNanos() / 1e9,
        Instant.ofEpochMilli(summary.firstEventTime()),
        Instant.ofEpochMilli(summary.lastEventTime()));

    // -Dtributary.benchmark.jobs=peer-algebraic,peer-all,iceberg,redis (default: all four)
    List<String> jobs =
        List.of(
            System.getProperty("tributary.benchmark.jobs", "peer-algebraic,peer-all,iceberg,redis")
                .split(","));
    List<Run> runs = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      if (jobs.contains("peer-algebraic")) {
        runs.add(runPeer(round, events, false));
      }
      if (jobs.contains("peer-all")) {
        runs.add(runPeer(round, events, true));
      }
      if (jobs.contains("iceberg")) {
        runs.add(runMaterialize(round, events, false));
      }
      if (jobs.contains("redis")) {
        runs.add(runMaterialize(round, events, true));
      }
    }
    System.out.println(
        "| round | job | events | wall s | net runtime s | events/s (wall) | heap after GC, peak MB"
            + " | heap used, peak MB | load before | load after |");
    System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
    for (Run run : runs) {
      System.out.println(run.row());
    }
    // 0 when the run has no Redis job (-Dtributary.benchmark.jobs without redis): the freshness
    // part then runs only with -Dtributary.benchmark.rate
    materializeRate =
        runs.stream()
            .filter(r -> r.job.contains("Redis"))
            .mapToDouble(Run::eventsPerSecond)
            .max()
            .orElse(0);
  }

  @Test
  @Order(2)
  void freshnessAtHalfTheMaximumRate() throws Exception {
    double rate =
        Double.parseDouble(
            System.getProperty("tributary.benchmark.rate", String.valueOf(materializeRate / 2)));
    assumeTrue(
        rate > 0,
        "needs the rate of the throughput test or -Dtributary.benchmark.rate=EVENTS_PER_SECOND");
    int seconds = Integer.getInteger("tributary.benchmark.seconds", 60);
    long historyDays = Long.getLong("tributary.benchmark.history-days", 8);
    flushRedis();
    String topic = flights.topic().orElseThrow();
    String group = "bench-" + UUID.randomUUID();
    try (EmbeddedKafka live = EmbeddedKafka.start();
        LocalIcebergCatalog catalog = LocalIcebergCatalog.temporary();
        FlightPublisher publisher = new FlightPublisher(live.bootstrapServers(), flights);
        ConsumerLag lag = new ConsumerLag(live.bootstrapServers(), group, topic)) {
      live.createTopic(topic, PARTITIONS);
      MaterializeJob job =
          new MaterializeJob(
              definitions, settings(live.bootstrapServers(), group, false, catalog, true));
      StreamExecutionEnvironment env = flink.environment();
      env.enableCheckpointing(CHECKPOINT_MILLIS);
      job.build(env);
      JobClient client =
          env.executeAsync("materialize, live flights at " + (long) rate + " events/s");
      awaitRunning(client);
      FreshnessRecorder recorder = new FreshnessRecorder();
      ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
      String loadBefore;
      long sent;
      long totalSent;
      try {
        if (historyDays > 0) {
          preloadHistory(historyDays, publisher, lag);
        }
        poller.scheduleWithFixedDelay(recorder::poll, 5, 5, TimeUnit.MILLISECONDS);
        long liveStarted = System.nanoTime();
        poller.scheduleAtFixedRate(
            () -> printInterval(recorder.takeInterval(), liveStarted),
            INTERVAL_SECONDS,
            INTERVAL_SECONDS,
            TimeUnit.SECONDS);
        loadBefore = loadAverage();
        StackSampler sampler =
            Boolean.getBoolean("tributary.benchmark.profile") ? new StackSampler(50) : null;
        long[] counts = publishLive(publisher, rate, WARM_UP_SECONDS, seconds, recorder);
        if (sampler != null) {
          sampler.close();
          System.out.println("profile of the live part:\n" + sampler.report(30));
        }
        sent = counts[0];
        totalSent = counts[1];
        Thread.sleep(3_000); // let the last updates reach Redis
        recorder.poll();
        System.out.printf(
            "sink counters over the whole run (history and warm-up included): onlineWrites %,d, "
                + "onlineSkippedAsOlder %,d, onlineRetries %,d; live events published %,d; freshness histograms %s%n",
            FreshnessReporter.counter("onlineWrites"),
            FreshnessReporter.counter("onlineSkippedAsOlder"),
            FreshnessReporter.counter("onlineRetries"),
            totalSent,
            FreshnessReporter.histograms().stream()
                .map(h -> String.valueOf(h.getCount()))
                .toList());
      } finally {
        poller.shutdownNow();
        client.cancel().get(60, TimeUnit.SECONDS);
      }
      Histogram freshness = recorder.snapshot();
      System.out.printf(
          "freshness at %,.0f events/s after %d days of history (%,d events in %d s after %d s of "
              + "warm-up; load %s -> %s): %,d Redis writes sampled, %d lost, %d out of range; p50 %d ms, p90 %d ms, "
              + "p99 %d ms, p99.9 %d ms, max %d ms, mean %.1f ms%n",
          rate,
          historyDays,
          sent,
          seconds,
          WARM_UP_SECONDS,
          loadBefore,
          loadAverage(),
          freshness.getTotalCount(),
          recorder.lost(),
          recorder.overRange(),
          freshness.getValueAtPercentile(50),
          freshness.getValueAtPercentile(90),
          freshness.getValueAtPercentile(99),
          freshness.getValueAtPercentile(99.9),
          freshness.getMaxValue(),
          freshness.getMean());
      assertTrue(freshness.getTotalCount() > 0, "no freshness sample: did the sink write?");
    }
  }

  /** Freshness over the last interval of the live part: level across the run, or growing. */
  private static void printInterval(Histogram interval, long liveStarted) {
    System.out.printf(
        "  live +%3.0f s: %,6d writes, p50 %4d ms, p99 %5d ms, max %5d ms%n",
        (System.nanoTime() - liveStarted) / 1e9,
        interval.getTotalCount(),
        interval.getValueAtPercentile(50),
        interval.getValueAtPercentile(99),
        interval.getMaxValue());
  }

  /**
   * Publishes the first days of flights, moved to end now, to the running job and waits until a
   * completed checkpoint covers all of them, so the measured part runs with full windows.
   */
  private void preloadHistory(long days, FlightPublisher publisher, ConsumerLag lag)
      throws Exception {
    String loadBefore = loadAverage();
    HistoryPreload.Summary history = new HistoryPreload(reader(), days).publish(publisher);
    double caughtUp = history.publishSeconds() + lag.awaitNone(900);
    System.out.printf(
        "history: %,d events of the first %d days (%s .. %s after the move) published in %.1f s; "
            + "the job caught up %.1f s after the first was sent (to a checkpoint, every %d s); load %s -> %s%n",
        history.events(),
        days,
        Instant.ofEpochMilli(history.firstEventTime()),
        Instant.ofEpochMilli(history.lastEventTime()),
        history.publishSeconds(),
        caughtUp,
        CHECKPOINT_MILLIS / 1000,
        loadBefore,
        loadAverage());
  }

  private Run runPeer(int round, long events, boolean holistic) throws Exception {
    Configuration config = flink.jobDefaults();
    // The planner's operators carry no uids and its internal types are not all Flink-serializable
    // POJOs.
    config.set(PipelineOptions.AUTO_GENERATE_UIDS, true);
    config.set(PipelineOptions.GENERIC_TYPES, true);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment(
            flink.restAddress().getHost(), flink.restAddress().getPort(), config);
    env.setParallelism(flink.slots());
    env.enableCheckpointing(CHECKPOINT_MILLIS);
    List<String> dropped =
        FlinkSqlHopPeer.build(
            env, kafka.bootstrapServers(), "peer-" + UUID.randomUUID(), flights, holistic, null);
    dropped.forEach(d -> System.out.println("peer dropped " + d));
    return timed(
        round,
        holistic
            ? "Flink SQL HOP peer, all functions -> blackhole"
            : "Flink SQL HOP peer, algebraic functions -> blackhole",
        events,
        env);
  }

  private Run runMaterialize(int round, long events, boolean online) throws Exception {
    flushRedis();
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.temporary()) {
      MaterializeJob job =
          new MaterializeJob(
              definitions,
              settings(
                  kafka.bootstrapServers(), "bench-" + UUID.randomUUID(), true, catalog, online));
      StreamExecutionEnvironment env = flink.environment();
      env.enableCheckpointing(CHECKPOINT_MILLIS);
      job.build(env);
      Run run =
          timed(
              round, online ? "Tributary -> Iceberg + Redis" : "Tributary -> Iceberg", events, env);
      if (online) {
        try (RedisClient client = RedisClient.create(redis.host(), redis.port())) {
          System.out.printf("Redis holds %,d hashes after the run%n", client.dbSize());
        }
      }
      return run;
    }
  }

  private MaterializeSettings settings(
      String bootstrapServers,
      String group,
      boolean bounded,
      LocalIcebergCatalog catalog,
      boolean online) {
    return new MaterializeSettings(
        bootstrapServers,
        group,
        bounded,
        new CatalogConfig(LocalIcebergCatalog.NAME, catalog.properties()),
        "benchmark",
        online ? RedisOptions.builder(redis.host(), redis.port()).build() : null);
  }

  private static Run timed(int round, String job, long events, StreamExecutionEnvironment env)
      throws Exception {
    String loadBefore = loadAverage();
    StackSampler sampler =
        Boolean.getBoolean("tributary.benchmark.profile") ? new StackSampler(50) : null;
    Run run;
    try (HeapPeaks heap = new HeapPeaks()) {
      long started = System.nanoTime();
      JobExecutionResult result = env.execute(job);
      double wall = (System.nanoTime() - started) / 1e9;
      run =
          new Run(
              round,
              job,
              events,
              wall,
              result.getNetRuntime(TimeUnit.MILLISECONDS) / 1e3,
              heap.afterGcPeakMb(),
              heap.usedPeakMb(),
              loadBefore,
              loadAverage());
    }
    if (sampler != null) {
      sampler.close();
      System.out.println("profile of " + job + ":\n" + sampler.report(25));
    }
    System.out.println(run.row());
    return run;
  }

  /**
   * Events from the parquet, stamped with the current time, at {@code rate} events/s; returns the
   * events published after the warm-up and in all.
   */
  private long[] publishLive(
      FlightPublisher publisher,
      double rate,
      int warmUpSeconds,
      int seconds,
      FreshnessRecorder recorder)
      throws Exception {
    long sent = 0;
    long started = System.nanoTime();
    long warmUpEnds = started + TimeUnit.SECONDS.toNanos(warmUpSeconds);
    long ends = warmUpEnds + TimeUnit.SECONDS.toNanos(seconds);
    boolean warm = false;
    long measured = 0;
    EventIterator events = reader().open();
    try {
      while (true) {
        long due = started + (long) (sent * 1e9 / rate);
        long now = System.nanoTime();
        if (due >= ends) {
          break;
        }
        if (due > now) {
          LockSupport.parkNanos(due - now);
        }
        if (!warm && System.nanoTime() >= warmUpEnds) {
          recorder.reset();
          warm = true;
          measured = sent;
        }
        if (!events.hasNext()) {
          events.close();
          events = reader().open();
        }
        ParseOutcome outcome = events.next();
        if (!(outcome instanceof ParsedEvent event)) {
          continue;
        }
        // event time = date + minutes(delay) = now
        Object[] row = event.row().clone();
        row[0] = System.currentTimeMillis() - (Long) row[1] * 60_000L;
        publisher.send(row);
        sent++;
      }
    } finally {
      events.close();
    }
    publisher.flush();
    return new long[] {sent - measured, sent};
  }

  private EventFileReader reader() {
    return new EventFileReader(
        flights, new FileInput(InputFixtures.flights3m(), "parquet"), TimestampRange.DEFAULT);
  }

  private static void awaitRunning(JobClient client) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (client.getJobStatus().get() != JobStatus.RUNNING) {
      assertTrue(System.nanoTime() < deadline, "the job did not start within 120 s");
      Thread.sleep(200);
    }
    Thread.sleep(5_000); // tasks deploy after the job is RUNNING
  }

  private static void flushRedis() {
    try (RedisClient client = RedisClient.create(redis.host(), redis.port())) {
      client.flushAll();
      assertEquals(0, client.dbSize());
    }
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (Exception e) {
      return "?";
    }
  }

  private static String machine() {
    String cpu = "?";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .findFirst()
              .map(l -> l.substring(l.indexOf(':') + 2))
              .orElse("?");
    } catch (Exception ignored) {
      // not Linux
    }
    return String.format(
        "machine: %d cores (%s), JDK %s, max heap %d MB, load average %s, %s",
        Runtime.getRuntime().availableProcessors(),
        cpu,
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20,
        loadAverage(),
        Instant.now());
  }

  private record Run(
      int round,
      String job,
      long events,
      double wallSeconds,
      double netSeconds,
      long heapAfterGcPeakMb,
      long heapUsedPeakMb,
      String loadBefore,
      String loadAfter) {
    double eventsPerSecond() {
      return events / wallSeconds;
    }

    String row() {
      return String.format(
          "| %d | %s | %,d | %.1f | %.1f | %,.0f | %,d | %,d | %s | %s |",
          round,
          job,
          events,
          wallSeconds,
          netSeconds,
          eventsPerSecond(),
          heapAfterGcPeakMb,
          heapUsedPeakMb,
          loadBefore,
          loadAfter);
    }
  }
}
