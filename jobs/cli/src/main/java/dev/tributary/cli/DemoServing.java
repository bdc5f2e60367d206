package dev.tributary.cli;

import dev.tributary.core.defs.FileInput;
import dev.tributary.core.defs.Model;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.defs.SplitWeights;
import dev.tributary.core.monitor.report.ModelReport;
import dev.tributary.core.monitor.report.ReportPage;
import dev.tributary.core.monitor.report.SplitChange;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.score.ConsistencyTally;
import dev.tributary.core.score.SplitHistory;
import dev.tributary.core.score.SplitMessage;
import dev.tributary.core.score.TrafficSplit;
import dev.tributary.embedded.EmbeddedStack;
import dev.tributary.flink.consistency.ConsistencyCheck;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.lineage.JobLineage;
import dev.tributary.flink.lineage.LineageRecorder;
import dev.tributary.flink.monitor.MonitorJob;
import dev.tributary.flink.monitor.MonitorSettings;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.flink.score.ScoreJob;
import dev.tributary.flink.score.ScoreSettings;
import dev.tributary.flink.score.SplitControlTopic;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.client.TritonClientLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The serving half of the demo's story, beside the streaming features once both model versions are
 * served: scoring requests through the score job step by step as the stream advances (90/10, then
 * 50/50 from halfway, set with {@code tributary split set}), the monitor job over the prediction
 * log and the labels, the consistency check and the report page. Each step is run the way its
 * command runs it and checked; {@link #failures()} counts the checks that failed.
 *
 * <pre>
 *  requests [B, B + step) per step ─► Kafka flight_requests ─► ScoreJob ─► tributary.predictions, monitoring.predictions
 *  split set 1=50 2=50 from the middle ─► tributary.traffic_splits ─┘        │
 *  flights topic (labels) ─────────────────────────────────► MonitorJob ◄────┘ ─► monitoring.model_metrics
 *  ConsistencyCheck over monitoring.predictions ─► monitoring.consistency
 *  MonitoringResults ─► ReportPage ─► report.html
 * </pre>
 */
final class DemoServing implements AutoCloseable {
  private final Scoring scoring;
  private final Path folder;
  private final Path definitions;
  private final EmbeddedStack stack;
  private final CatalogConfig catalog;
  private final PrintWriter out;
  private final LineageRecorder lineage;
  private int failures;
  private DemoRequests requests;
  private long requestsFrom;
  private long requestsTo;
  private String splitSet;
  private Instant scoreStartedAt;
  private RunningJob scoreJob;
  private DemoRequests.Publisher publisher;
  private AnsweredRequests answered;
  private int published;
  private long scoringNanos;
  private int steps;

  /**
   * @param scoring the scoring, its model's repository the one the demo published to
   * @param folder where checkpoints and the consistency spines go
   * @param definitions the definitions folder, for {@code tributary split set}
   */
  DemoServing(
      Scoring scoring,
      Path folder,
      Path definitions,
      EmbeddedStack stack,
      CatalogConfig catalog,
      LineageRecorder lineage,
      PrintWriter out) {
    this.lineage = lineage;
    this.scoring = scoring;
    this.folder = folder;
    this.definitions = definitions;
    this.stack = stack;
    this.catalog = catalog;
    this.out = out;
  }

  /** Closes the request producer and the answers' consumer, if scoring started. */
  @Override
  public void close() {
    if (publisher != null) {
      publisher.close();
      answered.close();
      publisher = null;
    }
  }

  /** Checks that failed so far. */
  int failures() {
    return failures;
  }

  /**
   * Sets 50/50 from the middle of [from, to) with {@code split set} and starts the score job over
   * the requests topic, to score beside the stream: {@link #scoreBefore} publishes the requests of
   * each step, {@link #finishScoring} drains the job and checks what it did.
   */
  void startScoring(DemoRequests requests, long from, long to, int tritonPort) throws Exception {
    this.requests = requests;
    this.requestsFrom = from;
    this.requestsTo = to;
    stack.kafka().createTopic(scoring.requests().topic().orElseThrow(), 2);
    long middle = from + (to - from) / 2;
    middle -= middle % 3_600_000L;
    String[] split = {
      "split",
      "set",
      scoring.name(),
      "1=50",
      "2=50",
      "--effective-from",
      Instant.ofEpochMilli(middle).toString(),
      "--definitions",
      definitions.toString(),
      "--bootstrap-servers",
      stack.kafka().bootstrapServers()
    };
    StringWriter said = new StringWriter();
    int exit = Tributary.run(new PrintWriter(said), new PrintWriter(said), split);
    splitSet =
        String.format(
            Locale.ROOT,
            "7. Halfway, 'tributary split set %s 1=50 2=50 --effective-from %s' (before the score"
                + " job started): %s",
            scoring.name(),
            Instant.ofEpochMilli(middle),
            said.toString().trim());
    if (exit != 0) {
      failures++;
    }

    ScoreSettings settings =
        ScoreSettings.of(
                stack.kafka().bootstrapServers(),
                false,
                catalog,
                "demo-score",
                RedisOptions.builder(stack.redis().host(), stack.redis().port()).build(),
                TritonClientLoader.of(TritonClient.builder().endpoint("127.0.0.1:" + tritonPort)))
            .withGroupId("demo-score");
    StreamExecutionEnvironment env = environment("score");
    scoreStartedAt = Instant.now();
    new ScoreJob(scoring, settings).build(env);
    scoreJob = new RunningJob("score", env.executeAsync("tributary demo: score " + scoring.name()));
    publisher = requests.publisher(stack.kafka().bootstrapServers());
    answered = new AnsweredRequests(stack.kafka().bootstrapServers(), scoring.name());
  }

  /**
   * Publishes the requests made before {@code to} and waits until the score job has answered every
   * request published so far.
   */
  void scoreBefore(long to) throws IOException, InterruptedException {
    long started = System.nanoTime();
    published = publisher.publishBefore(to);
    answered.await(published, scoreJob);
    scoringNanos += System.nanoTime() - started;
    steps++;
  }

  /**
   * Drains the score job once every request is answered, and checks that every request ended once
   * and each went where the split in force at its request time sends it, and that no prediction
   * read a feature newer than its request.
   */
  void finishScoring(long stepMillis) throws Exception {
    close();
    scoreJob.drain(folder.resolve("savepoints").resolve("score"));
    lineage.record(JobLineage.score(scoring, catalog.open(), scoreStartedAt));
    step(
        "   Published %,d scoring requests to Kafka topic '%s': one per flight, %d h before its"
            + " scheduled departure, made in [%s, %s), each step's once Redis held the flights"
            + " before it; the score job (features from Redis, the local Triton-protocol server)"
            + " answered each step's in %.1f s on average",
        requests.size(),
        scoring.requests().topic().orElseThrow(),
        DemoRequests.LEAD_MILLIS / 3_600_000L,
        Instant.ofEpochMilli(requestsFrom),
        Instant.ofEpochMilli(requestsTo),
        scoringNanos / 1e9 / Math.max(1, steps));
    step("%s", splitSet);
    step(
        "   The score job wrote the predictions to Kafka %s and monitoring.predictions:",
        DeploymentPlan.PREDICTIONS_TOPIC);
    checkRouting(requests.size(), stepMillis);
  }

  /**
   * Every prediction's version and split are those of the split in force at its request time
   * (recomputed here from the control topic); requests = predictions + dead letters.
   */
  private void checkRouting(int requests, long stepMillis) throws IOException {
    SplitHistory history = splitHistory();
    Map<String, Map<Long, Long>> bySplit = new TreeMap<>();
    long predictions = 0;
    long misrouted = 0;
    FeatureFreshness freshness = new FeatureFreshness(stepMillis);
    try (CloseableIterable<Record> rows = read("monitoring", DeploymentPlan.predictions().name())) {
      for (Record row : rows) {
        if (!scoring.name().equals(row.getField("scoring"))) {
          continue;
        }
        predictions++;
        long requestTime = millis(row.getField("request_time"));
        freshness.add(requestTime, (List<?>) row.getField("feature_as_of"));
        TrafficSplit split = history.at(requestTime);
        long version = (Long) row.getField("version_chosen");
        if (!split.id().equals(row.getField("split_id"))
            || version != split.route((String) row.getField("routing_key"), scoring.name())) {
          misrouted++;
        }
        bySplit.computeIfAbsent(split.id(), id -> new TreeMap<>()).merge(version, 1L, Long::sum);
      }
    }
    for (TrafficSplit split : history.splits()) {
      Map<Long, Long> counts = bySplit.getOrDefault(split.id(), Map.of());
      long total = counts.values().stream().mapToLong(Long::longValue).sum();
      List<String> shares = new ArrayList<>();
      counts.forEach(
          (version, count) ->
              shares.add(
                  String.format(
                      Locale.ROOT,
                      "version %d %,d (%.1f%%)",
                      version,
                      count,
                      100.0 * count / total)));
      step(
          "   split %s (%s%s): %,d predictions: %s",
          split.id(),
          SplitWeights.describe(split.weights()),
          split.effectiveFrom() == Long.MIN_VALUE
              ? ", the definitions'"
              : ", from " + Instant.ofEpochMilli(split.effectiveFrom()),
          total,
          shares.isEmpty() ? "none" : String.join(", ", shares));
    }
    long deadLetters = scoringDeadLetters();
    boolean complete = predictions + deadLetters == requests && predictions > 0;
    boolean bothSplits = bySplit.size() == history.splits().size();
    failures += complete && misrouted == 0 && bothSplits ? 0 : 1;
    step(
        "   %s; %s; %s",
        complete
            ? String.format(
                Locale.ROOT,
                "every request ended once: %,d predictions + %,d dead letters",
                predictions,
                deadLetters)
            : String.format(
                Locale.ROOT,
                "%,d requests but %,d predictions + %,d dead letters: MISSING OR DOUBLED",
                requests,
                predictions,
                deadLetters),
        misrouted == 0
            ? "each went to the version its split in force at its request time picks"
            : misrouted + " predictions ROUTED otherwise than their split",
        bothSplits ? "both splits served" : "a split SERVED NOTHING");
    failures += freshness.newer() == 0 ? 0 : 1;
    step("   %s", freshness.describe());
  }

  private long scoringDeadLetters() throws IOException {
    return deadLetters("scoring:" + scoring.name());
  }

  /** Records set aside in {@code ops.dead_letters} by every job of the run. */
  long deadLetters() throws IOException {
    return deadLetters(null);
  }

  private long deadLetters(String sourceOrNull) throws IOException {
    long count = 0;
    try (CloseableIterable<Record> rows = read("ops", "dead_letters")) {
      for (Record row : rows) {
        if (sourceOrNull == null || sourceOrNull.equals(row.getField("source"))) {
          count++;
        }
      }
    }
    return count;
  }

  /**
   * Runs the monitor job over the prediction log and the labels (the flights topic) and reads what
   * it computed; every version that served must have its quality.
   */
  MonitoringResults monitor(long predictionSpanMillis) throws Exception {
    Model model = scoring.model();
    long started = System.nanoTime();
    StreamExecutionEnvironment env = environment("monitor");
    Instant startedAt = Instant.now();
    // Two request partitions read at different speeds put request times on the prediction log out
    // of order (by up to a step, paced; the whole span is a bound that holds however it ran).
    new MonitorJob(
            model,
            MonitorSettings.of(stack.kafka().bootstrapServers(), true, catalog)
                .withPredictionOutOfOrderness(Duration.ofMillis(predictionSpanMillis)))
        .build(env);
    env.execute("tributary demo: monitor " + model.name());
    lineage.record(JobLineage.monitor(catalog.open(), startedAt));
    MonitoringResults results =
        MonitoringResults.read(catalog.open(), model.name(), scoring.name());
    step(
        "8. Labels joined (%s from source '%s', wait %s) and quality computed per version by the"
            + " monitor job in %.1f s:",
        model.label().value().canonical(),
        model.label().source().name(),
        model.monitoring().labelWait(),
        DemoStory.seconds(started));
    for (MonitoringResults.Version v : results.versions()) {
      boolean present = v.quality() != null && v.quality().count() > 0;
      failures += present ? 0 : 1;
      step(
          "   version %s: %,d predictions, %s",
          v.version(),
          v.predictions(),
          present
              ? String.format(
                  Locale.ROOT,
                  "%,d labelled (base rate %.3f), AUC %.3f, log loss %.3f in"
                      + " monitoring.model_metrics",
                  v.quality().count(),
                  v.quality().baseRate(),
                  v.quality().auc(),
                  v.quality().logLoss())
              : "NO QUALITY in monitoring.model_metrics");
    }
    if (results.versions().isEmpty()) {
      failures++;
      step("   NO VERSION has monitoring results");
    }
    step(
        "   %d hourly windows; drift of %d inputs against training.%s__stats (monitoring.drift);"
            + " latency per version (monitoring.latency); A/B looks (monitoring.ab_tests); alerts"
            + " raised: %d (monitoring.alerts)",
        results.hourly().size(), results.drift().size(), model.name(), results.alerts().size());
    return results;
  }

  /** Recomputes every logged prediction's features with the training-set job; 0 must differ. */
  long consistency(long from, long to, Map<String, FileInput> files) throws Exception {
    long started = System.nanoTime();
    ConsistencyTally tally =
        new ConsistencyCheck(
                scoring,
                catalog,
                folder.resolve("consistency"),
                files,
                () -> DemoStory.environment(stack))
            .run(from, to);
    long compared = tally.features().values().stream().mapToLong(t -> t.compared).sum();
    failures += tally.different() == 0 && compared > 0 ? 0 : 1;
    step(
        "9. Consistency (as 'tributary consistency --scoring %s'): %,d logged feature values"
            + " recomputed by the training-set job at their logged as-of times in %.1f s: %s",
        scoring.name(),
        compared,
        DemoStory.seconds(started),
        tally.different() == 0 && compared > 0
            ? "0 differ (monitoring.consistency)"
            : tally.different() + " DIFFER (monitoring.consistency)");
    for (Map.Entry<String, ConsistencyTally.FeatureTally> entry : tally.features().entrySet()) {
      if (entry.getValue().different > 0) {
        step("   %s: %s", entry.getKey(), entry.getValue().examples);
      }
    }
    return tally.different();
  }

  /** Renders what monitoring produced as the report page; checks it was written. */
  Path report(MonitoringResults results, Path page) throws IOException {
    SplitHistory history = splitHistory();
    long first = results.hourly().stream().mapToLong(w -> w.window().start()).min().orElse(0L);
    List<SplitChange> splits = new ArrayList<>();
    for (TrafficSplit split : history.splits()) {
      Map<String, Integer> weights = new TreeMap<>();
      split.weights().forEach((version, weight) -> weights.put(Long.toString(version), weight));
      splits.add(new SplitChange(Math.max(first, split.effectiveFrom()), split.id(), weights));
    }
    String html =
        ReportPage.render(
            new ModelReport(
                scoring.model().name(),
                System.currentTimeMillis(),
                results.hourly(),
                results.abTest(),
                splits,
                results.alerts()));
    Files.createDirectories(page.toAbsolutePath().getParent());
    Files.writeString(page, html);
    boolean written = Files.size(page) > 0;
    failures += written ? 0 : 1;
    step(
        "10. Report of %s: %s (%,d KB, self-contained HTML: quality, drift and latency per version"
            + " over %d hourly windows, the A/B verdict, split history, label coverage, alerts)",
        scoring.model().name(),
        page.toAbsolutePath(),
        Files.size(page) / 1024,
        results.hourly().size());
    return page;
  }

  /** The definitions' split and every split on the control topic, as the score job holds them. */
  private SplitHistory splitHistory() {
    SplitHistory history = SplitHistory.of(scoring);
    for (SplitMessage message :
        SplitControlTopic.read(stack.kafka().bootstrapServers(), scoring.name(), bad -> {})) {
      history = history.with(message.split());
    }
    return history;
  }

  private StreamExecutionEnvironment environment(String job) {
    StreamExecutionEnvironment env = DemoStory.environment(stack);
    Configuration checkpoints = new Configuration();
    FlinkTarget.localCheckpointStorage(
        checkpoints, folder.resolve("checkpoints").resolve(job).toAbsolutePath().toUri());
    env.configure(checkpoints);
    env.enableCheckpointing(1_000);
    return env;
  }

  private CloseableIterable<Record> read(String namespace, String table) {
    Catalog tables = catalog.open();
    TableIdentifier id = TableIdentifier.of(namespace, table);
    if (!tables.tableExists(id)) {
      return CloseableIterable.empty();
    }
    return IcebergGenerics.read(tables.loadTable(id)).build();
  }

  private static long millis(Object timestamp) {
    return ((OffsetDateTime) timestamp).toInstant().toEpochMilli();
  }

  private void step(String format, Object... args) {
    out.printf(Locale.ROOT, format + "%n", args);
    out.flush();
  }
}
