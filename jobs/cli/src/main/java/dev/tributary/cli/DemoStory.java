package dev.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.FileInput;
import dev.tributary.core.defs.Model;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.defs.Source;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.plan.HistoryTables;
import dev.tributary.core.records.TimestampRange;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.embedded.EmbeddedStack;
import dev.tributary.flink.backfill.BackfillSettings;
import dev.tributary.flink.backfill.ChunkedBackfill;
import dev.tributary.flink.execution.JobCompletion;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.iceberg.TrainingColumns;
import dev.tributary.flink.lineage.JobLineage;
import dev.tributary.flink.lineage.LineageRecorder;
import dev.tributary.flink.lineage.TopicOffsets;
import dev.tributary.flink.materialize.MaterializeJob;
import dev.tributary.flink.materialize.MaterializeSettings;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.flink.training.TrainingSetJob;
import dev.tributary.flink.training.TrainingSetSettings;
import dev.tributary.flink.training.TrainingStrategy;
import dev.tributary.io.file.EventFileReader;
import dev.tributary.io.replay.EventReplayer;
import dev.tributary.io.replay.ReplaySummary;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.models.FlightDelayPublisher;
import dev.tributary.triton.models.RepositoryPublisher;
import dev.tributary.triton.server.LocalTritonServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The demo's story over the real jobs, each step run the way its command runs it, with a progress
 * line per step and a check behind every claim:
 *
 * <pre>
 *  services ─► backfill [day before start, cut) ─► training set flight_delay ─► train v1, v2 from it
 *           ─► publish + load on the local Triton-protocol server
 *           ─► split set 50/50 halfway ─► start materialize (history rows from the cut) and score
 *           ─► replay the flights into Kafka, pausing at the cut and every step B after it:
 *                wait until Redis holds the flights before B ─► requests [B, B + step) ─► answered
 *           ─► drain both ─► Iceberg and Redis against the core ─► routing and freshness checks
 *           ─► monitor ─► consistency ─► report page ─► closing table
 * </pre>
 *
 * The streaming job continues the backfill: it reads the topic from its start to warm its windows
 * but writes history rows only for change points at or after the cut (the backfill's end), so each
 * change point has exactly one row, the backfill's or the stream's; the final check compares the
 * whole tables with the core, duplicates included. The serving half is {@link DemoServing}. Any
 * failed check makes {@link #run} return non-zero.
 */
final class DemoStory {

  /**
   * The sample's time line.
   *
   * @param start first event time replayed (UTC ms)
   * @param historyEnd the backfill's end and the training set's end (exclusive)
   * @param end the end of the replay (exclusive)
   * @param testFrom training rows predicted from this day on are held out
   */
  record Range(long start, long historyEnd, long end, LocalDate testFrom) {
    private static final long DAY = 86_400_000L;

    /** {@code days} from {@code start}: two thirds history, its last eighth held out. */
    static Range of(Instant start, int days) {
      int historyDays = Math.max(2, days * 2 / 3);
      int testDays = Math.max(1, historyDays / 8);
      long from = start.toEpochMilli();
      return new Range(
          from,
          from + historyDays * DAY,
          from + days * DAY,
          LocalDate.ofInstant(start, ZoneOffset.UTC).plusDays(historyDays - testDays));
    }

    /** Training rows start a few hours in, once the 1 h and 3 h windows have events. */
    long trainingFrom() {
      return start + DAY / 4;
    }

    /**
     * The backfill starts the day before: flights that left early on the first morning have event
     * times then, and every change point must be the backfill's or the stream's.
     */
    long backfillFrom() {
      return start - DAY;
    }

    /**
     * Requests are made from the cut until {@code labelWait} before the end, so their labels (the
     * flights' departures) are in the replayed events.
     */
    long requestsEnd(long labelWait) {
      return end - labelWait;
    }
  }

  /**
   * The pacing step: requests made in [B, B + step) are scored once Redis holds the flights before
   * B, so an input misses at most the flights of the step before its request. An hour keeps the
   * demo's run time (a pause costs the materialize job's publishing interval and a score round
   * trip) and matches the shortest window (1 h).
   */
  static final long STEP_MILLIS = 3_600_000L;

  /** Each job's parallelism; the cluster has slots for two jobs side by side. */
  static final int PARALLELISM = 2;

  private final FeatureRepository repository;
  private final Path folder;
  private final FileInput dataOrNull;
  private final Range range;
  private final PrintWriter out;
  private final PrintWriter progress;
  private final Path reportPage;
  private final String openLineageOrNull;
  private LineageRecorder lineage;

  /**
   * @param folder where the catalog, checkpoints and model repositories go
   * @param dataOrNull the flights to use instead of the source's own files (--full, --data)
   * @param progress where the replay's progress goes (stderr)
   * @param reportPage where the report page goes
   * @param openLineageOrNull where OpenLineage events go, or null
   */
  DemoStory(
      FeatureRepository repository,
      Path folder,
      FileInput dataOrNull,
      Range range,
      PrintWriter out,
      PrintWriter progress,
      Path reportPage,
      String openLineageOrNull) {
    this.repository = repository;
    this.openLineageOrNull = openLineageOrNull;
    this.folder = folder;
    this.dataOrNull = dataOrNull;
    this.range = range;
    this.out = out;
    this.progress = progress;
    this.reportPage = reportPage;
  }

  /** Runs steps 2 to 10; returns the exit code (1 when a check failed). */
  int run() throws Exception {
    Model model =
        repository
            .model(FlightDelayPublisher.MODEL)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the demo needs model '"
                            + FlightDelayPublisher.MODEL
                            + "' in "
                            + repository.root()));
    Source flights = replaySource();
    Path serving = Files.createDirectories(folder.resolve("triton-models"));
    Scoring scoring = scoringOf(model, serving);
    try (EmbeddedStack stack = EmbeddedStack.start(folder.resolve("iceberg"), 2 * PARALLELISM);
        LocalTritonServer triton = LocalTritonServer.start(serving, 0)) {
      step(
          "2. Started the embedded services:%n%s%n"
              + "   Triton   grpc://127.0.0.1:%d (local Triton-protocol server, repository %s)",
          indent(stack.toString()), triton.port(), serving);
      CatalogConfig catalog =
          new CatalogConfig(stack.iceberg().name(), stack.iceberg().properties());
      Catalog tables = catalog.open();
      lineage = new LineageRecorder(catalog, openLineageOrNull, stack.kafka().bootstrapServers());

      backfill(stack, catalog, tables);
      long trainingSnapshot = trainingSet(stack, catalog, tables, model);
      ModelsTrainCommand.Trained trained =
          ModelsTrainCommand.train(
              tables, model, model.name(), folder.resolve("staging"), range.testFrom(), out);
      int failures = publishAndLoad(triton, serving, model, trainingSnapshot, trained);

      RedisOptions redis = RedisOptions.builder(stack.redis().host(), stack.redis().port()).build();
      MaterializeJob job =
          new MaterializeJob(
              repository,
              new MaterializeSettings(
                  stack.kafka().bootstrapServers(),
                  "demo",
                  false,
                  catalog,
                  "demo",
                  redis,
                  range.historyEnd()));
      ExpectedFeatures expected = new ExpectedFeatures(job.programs());
      long requestsEnd = range.requestsEnd(model.monitoring().labelWait().toMillis());
      try (DemoServing servingHalf =
          new DemoServing(scoring, folder, repository.root(), stack, catalog, lineage, out)) {
        stack.kafka().createTopic(flights.topic().orElseThrow(), 2);
        stack.kafka().createTopic(DeploymentPlan.DEAD_LETTER_TOPIC, 1);
        Instant materializeStarted = Instant.now();
        RunningJob materialize = startMaterialize(stack, job);
        servingHalf.startScoring(
            DemoRequests.of(scoring, eventFiles(flights), range.historyEnd(), requestsEnd),
            range.historyEnd(),
            requestsEnd,
            triton.port());
        try (OnlineCatchUp catchUp = new OnlineCatchUp(expected, redis, materialize)) {
          replay(flights, stack, expected, catchUp, servingHalf, requestsEnd);
        }
        long drainStarted = System.nanoTime();
        materialize.drain(folder.resolve("savepoints").resolve("materialize"));
        step(
            "   Drained the materialize job in %.1f s (event time to the end: the last windows and"
                + " timers fire); the events before %s only warmed its windows, history rows from"
                + " there on (the backfill wrote those before)",
            seconds(drainStarted), Instant.ofEpochMilli(range.historyEnd()));
        String topic = flights.topic().orElseThrow();
        lineage.record(
            JobLineage.materialize(
                job.programs().stream().map(ViewProgram::view).toList(),
                Map.of(topic, TopicOffsets.end(stack.kafka().bootstrapServers(), topic)),
                tables,
                materializeStarted));
        expected.finish();
        DemoReport.Checked checked =
            new DemoReport(
                    repository,
                    job.programs(),
                    catalog,
                    redis,
                    expected,
                    eventFiles(flights),
                    range.end(),
                    out)
                .print();
        failures += checked.differences();

        servingHalf.finishScoring(STEP_MILLIS);
        MonitoringResults results = servingHalf.monitor(requestsEnd - range.historyEnd());
        long consistencyDifferences =
            servingHalf.consistency(range.historyEnd(), requestsEnd, files());
        servingHalf.report(results, reportPage);
        failures += servingHalf.failures();
        new DemoSummary(out)
            .print(
                model.name(),
                trained,
                results,
                checked,
                consistencyDifferences,
                servingHalf.deadLetters());
        return failures == 0 ? 0 : 1;
      }
    }
  }

  /**
   * The scoring of {@code model} (flight_delay_live), its model's repository the demo's: the split
   * is checked against, and the training means for missing values read from, the versions the demo
   * trained and serves.
   */
  private Scoring scoringOf(Model model, Path serving) {
    Scoring declared =
        repository.scorings().stream()
            .filter(s -> s.model().name().equals(model.name()))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the demo needs a scoring of model '"
                            + model.name()
                            + "' in "
                            + repository.root()));
    return declared.withModel(model.withRepository(serving.toAbsolutePath().toString()));
  }

  private void backfill(EmbeddedStack stack, CatalogConfig catalog, Catalog tables)
      throws Exception {
    BackfillSettings settings =
        new BackfillSettings(
            catalog,
            "demo-backfill-" + UUID.randomUUID(),
            range.backfillFrom(),
            range.historyEnd(),
            List.of(),
            files());
    long started = System.nanoTime();
    Instant startedAt = Instant.now();
    new ChunkedBackfill(repository, settings, ChunkedBackfill.DEFAULT_CHUNK_DAYS)
        .run(() -> environment(stack));
    lineage.record(
        JobLineage.backfill(
            repository.views().stream()
                .filter(v -> v.offline() && v.source().files().isPresent())
                .toList(),
            files(),
            Map.of(),
            tables,
            startedAt));
    step(
        "3. Backfilled the history tables for [%s, %s) with the backfill job in %.1f s:",
        Instant.ofEpochMilli(range.backfillFrom()),
        Instant.ofEpochMilli(range.historyEnd()),
        seconds(started));
    for (FeatureView view : repository.views()) {
      if (view.offline()) {
        step(
            "   %-40s %,9d rows",
            HistoryTables.NAMESPACE + "." + view.versionedName(),
            rows(tables, TableIdentifier.of(HistoryTables.NAMESPACE, view.versionedName())));
      }
    }
  }

  /** Builds training.flight_delay as {@code tributary training-set --model} does; its snapshot. */
  private long trainingSet(EmbeddedStack stack, CatalogConfig catalog, Catalog tables, Model model)
      throws Exception {
    TrainingSetJob job =
        TrainingSetJob.forModel(
            repository,
            model.name(),
            new TrainingSetSettings(
                catalog,
                model.name(),
                range.trainingFrom(),
                range.historyEnd(),
                TrainingStrategy.HISTORY_JOIN,
                "demo-training-set-" + UUID.randomUUID(),
                files(),
                10));
    long started = System.nanoTime();
    Instant startedAt = Instant.now();
    StreamExecutionEnvironment env = environment(stack);
    job.build(env);
    JobCompletion.execute(env, "tributary demo: training-set " + model.name());
    job.finish();
    TableIdentifier id = TableIdentifier.of(TrainingColumns.NAMESPACE, model.name());
    lineage.record(JobLineage.trainingSet(model, id.toString(), tables, startedAt));
    Snapshot snapshot = tables.loadTable(id).currentSnapshot();
    step(
        "4. Built the training set %s (as-of join on the history tables) in %.1f s: %,d rows"
            + " (flights predicted in [%s, %s)), snapshot %d",
        id,
        seconds(started),
        rows(tables, id),
        Instant.ofEpochMilli(range.trainingFrom()),
        Instant.ofEpochMilli(range.historyEnd()),
        snapshot.snapshotId());
    step("5. Trained %s from %s (held out from %s on):", model.name(), id, range.testFrom());
    return snapshot.snapshotId();
  }

  /**
   * Publishes the staged versions, loads them over the protocol, and checks that the server serves
   * each and that each version's metadata names the training snapshot; returns the failed checks.
   */
  private int publishAndLoad(
      LocalTritonServer triton,
      Path serving,
      Model model,
      long trainingSnapshot,
      ModelsTrainCommand.Trained trained)
      throws Exception {
    Instant startedAt = Instant.now();
    List<Long> published =
        RepositoryPublisher.publish(
            folder.resolve("staging"), model.name(), List.of(), serving, true);
    lineage.record(
        JobLineage.modelVersions(
            model,
            TrainingColumns.NAMESPACE + "." + model.name(),
            trainingSnapshot,
            serving,
            published,
            startedAt));
    int failures = 0;
    try (TritonClient client =
        TritonClient.builder().endpoint("127.0.0.1:" + triton.port()).build()) {
      client.loadModel(model.name());
      for (long version : published) {
        boolean ready = client.modelReady(model.name(), Long.toString(version));
        JsonNode lineage =
            new ObjectMapper()
                .readTree(
                    serving
                        .resolve(model.name())
                        .resolve(Long.toString(version))
                        .resolve("metadata.json")
                        .toFile())
                .path("lineage");
        long recorded = lineage.path("training_snapshot_id").asLong(-1);
        boolean traced = recorded == trainingSnapshot && recorded == trained.snapshotId();
        failures += ready && traced ? 0 : 1;
        step(
            "   published and loaded %s version %d: %s; metadata.json names training snapshot %d"
                + " and views %s%s",
            model.name(),
            version,
            ready ? "READY" : "NOT READY",
            recorded,
            lineage.path("view_versions").toString(),
            traced ? "" : " (EXPECTED " + trainingSnapshot + ")");
      }
    }
    return failures;
  }

  /**
   * Replays the flights in event-time order, pausing at the cut and every {@link #STEP_MILLIS}
   * after it until the requests' end: at each pause B, once Redis holds what the flights before B
   * made of their entities, the requests made in [B, B + step) are scored; the flights from B on
   * follow.
   */
  private void replay(
      Source flights,
      EmbeddedStack stack,
      ExpectedFeatures expected,
      OnlineCatchUp catchUp,
      DemoServing servingHalf,
      long requestsEnd)
      throws Exception {
    long[] awaited = new long[2];
    long[] waitedNanos = new long[1];
    ReplaySummary replayed =
        EventReplayer.builder()
            .files(eventFiles(flights))
            .bootstrapServers(stack.kafka().bootstrapServers())
            // Every flight whose delay is known before the end, those that left early on the
            // first morning (event time the day before) included: the backfill read them too.
            .eventTimeRange(Long.MIN_VALUE, range.end())
            .onPublished(expected::accept)
            .pauses(
                range.historyEnd(),
                STEP_MILLIS,
                requestsEnd,
                instant -> {
                  long started = System.nanoTime();
                  awaited[0] += catchUp.await(instant);
                  awaited[1]++;
                  waitedNanos[0] += System.nanoTime() - started;
                  servingHalf.scoreBefore(Math.min(instant + STEP_MILLIS, requestsEnd));
                })
            .progress(progress, false)
            .build()
            .run();
    // The flights after the last step are the labels: the job must have read them all before it is
    // drained, since stopping it stops its sources wherever they are.
    awaited[0] += catchUp.await(range.end());
    step(
        "6. Replayed %,d flights with event times in [%s, %s) into Kafka topic '%s' in"
            + " event-time order, the materialize job and the score job running beside it; from"
            + " %s on in %d steps of %s: at each, the replay waited until Redis held what the"
            + " flights before the step made of their entities (%,d records awaited, %.1f s),"
            + " then until the score job had answered the step's requests",
        replayed.published(),
        Instant.ofEpochMilli(replayed.firstEventTime()),
        Instant.ofEpochMilli(range.end()),
        flights.topic().orElseThrow(),
        Instant.ofEpochMilli(range.historyEnd()),
        awaited[1],
        java.time.Duration.ofMillis(STEP_MILLIS),
        awaited[0],
        waitedNanos[0] / 1e9);
  }

  /** Starts the streaming job over the whole topic, writing history rows from the cut on. */
  private RunningJob startMaterialize(EmbeddedStack stack, MaterializeJob job) throws Exception {
    StreamExecutionEnvironment env = environment(stack);
    Configuration checkpoints = new Configuration();
    FlinkTarget.localCheckpointStorage(
        checkpoints, folder.resolve("checkpoints").toAbsolutePath().toUri());
    env.configure(checkpoints);
    env.enableCheckpointing(2_000);
    job.build(env);
    return new RunningJob("materialize", env.executeAsync("tributary demo: materialize"));
  }

  private Source replaySource() {
    return repository.sources().stream()
        .filter(s -> s.files().isPresent() && s.topic().isPresent())
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no source with both files and a topic to replay"));
  }

  private EventFileReader eventFiles(Source flights) {
    return dataOrNull == null
        ? EventFileReader.of(flights)
        : new EventFileReader(flights, dataOrNull, TimestampRange.DEFAULT);
  }

  /** The --full or --data file for the replayed source, for the batch jobs. */
  private Map<String, FileInput> files() {
    return dataOrNull == null ? Map.of() : Map.of(replaySource().name(), dataOrNull);
  }

  private static long rows(Catalog tables, TableIdentifier id) {
    Snapshot snapshot = tables.loadTable(id).currentSnapshot();
    return snapshot == null
        ? 0
        : Long.parseLong(snapshot.summary().getOrDefault("total-records", "0"));
  }

  private void step(String format, Object... args) {
    out.printf(java.util.Locale.ROOT, format + "%n", args);
    out.flush();
  }

  private static String indent(String lines) {
    return "   " + lines.replace("\n", "\n   ");
  }

  /** An environment on the demo's cluster with the demo's parallelism. */
  static StreamExecutionEnvironment environment(EmbeddedStack stack) {
    StreamExecutionEnvironment env = stack.flink().environment();
    env.setParallelism(PARALLELISM);
    return env;
  }

  static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
