package dev.tributary.flink.backfill;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.Source;
import dev.tributary.core.plan.HistoryTables;
import dev.tributary.core.rejection.RejectionLimit;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.flink.iceberg.DeadLetterRuns;
import dev.tributary.flink.iceberg.DeadLetterTable;
import dev.tributary.flink.iceberg.HistoryTableSink;
import dev.tributary.flink.records.HistoryChange;
import dev.tributary.flink.records.ViewEvent;
import dev.tributary.flink.records.ViewVersionKey;
import dev.tributary.flink.sourceinput.ReadRange;
import dev.tributary.flink.sourceinput.RejectedRecords;
import dev.tributary.flink.sourceinput.SourceInput;
import dev.tributary.flink.sourceinput.SourceInputs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.IcebergSink;

/**
 * The history tables of a range of days, from a source's files or Iceberg table, written exactly as
 * the streaming job writes them: the same validation and view inputs, the core's change points, in
 * Flink's BATCH mode.
 *
 * <pre>
 *  files or table ─► SourceEvents (read range: see ReadRange) ─► keyBy(view, entity) ─► KeyEndChangePoints
 *    (RecordReading)  │ rejected records, tallies                                        │ every change point
 *                     ▼                                                                  ▼ valid_from in range
 *             RejectionGate (--max-rejected) ─► verdict ─► AfterVerdict ─► IcebergSink (overwrite the days written)
 *                     │                                                      features.&lt;view&gt;__&lt;version&gt;
 *                     └─ dead letters ─► AfterVerdict ─► IcebergSink ─► ops.dead_letters
 * </pre>
 *
 * <p>No record is dropped without a word: each rejected record goes to {@code ops.dead_letters}
 * with its reason and where it was found, committed with the history rows; a run that rejects more
 * than {@code --max-rejected} of an input fails before anything commits ({@link RejectedRecords}).
 * In a {@link ChunkedBackfill} of several runs, a reading pass does that part for the whole range
 * and the chunks write only rows ({@link BackfillSettings.Part}).
 *
 * <p>In BATCH mode each key's events arrive together; at the end of the key the operator computes
 * the key's full history, with every drop and TTL expiry. Events before the range are read as far
 * back as the longest window and the TTL need, so the rows from the range's start are exact.
 *
 * <p>Idempotent by partition replacement: the range is widened to whole UTC days (the tables'
 * partitions); the sink's overwrite mode replaces each day it writes in one commit, and {@link
 * #finish()} then deletes the files of days in the range into which nothing was written. A second
 * run over the same range leaves one copy.
 */
public final class BackfillJob {
  /**
   * A chunk's gate never fails: the reading pass judged every record of the whole run, and the
   * chunk's own counts (a table read over its days only) are not what the limit is about.
   */
  private static final RejectionLimit JUDGED_ALREADY = RejectionLimit.share(100);

  private final FeatureRepository repository;
  private final BackfillSettings settings;
  private final SourceInputs inputs;
  private final Map<String, Long> snapshotsBefore = new HashMap<>();

  /** The run's rejected records and the gate on them, once built. */
  private RejectedRecords rejected;

  /** Per source name, the input the run reads it from (named in each commit's summary). */
  private final Map<String, SourceInput<?>> lineage = new HashMap<>();

  public BackfillJob(FeatureRepository repository, BackfillSettings settings) {
    this(repository, settings, settings.inputs());
  }

  /**
   * A run reading its sources from {@code inputs}: the runs of a {@link ChunkedBackfill} share
   * them, so that every run reads the same snapshot of a table as the reading pass judged.
   */
  BackfillJob(FeatureRepository repository, BackfillSettings settings, SourceInputs inputs) {
    this.repository = repository;
    this.settings = settings;
    this.inputs = inputs;
  }

  BackfillSettings settings() {
    return settings;
  }

  /**
   * The views this run writes: the chosen ones, or every offline view over a source with files or a
   * table.
   */
  public List<ViewProgram> programs() {
    List<ViewProgram> programs = new ArrayList<>();
    for (FeatureView view : repository.views()) {
      boolean chosen =
          settings.views().isEmpty() ? view.offline() : settings.views().contains(view.name());
      if (chosen) {
        if (!inputs.has(view.source())) {
          throw new IllegalArgumentException(
              "view '" + view.name() + "': " + SourceInputs.missing(view.source()));
        }
        programs.add(ViewProgram.of(view));
      }
    }
    for (String name : settings.views()) {
      if (repository.view(name).isEmpty()) {
        throw new IllegalArgumentException(
            "no feature view named '" + name + "' in " + repository.root());
      }
    }
    if (programs.isEmpty()) {
      throw new IllegalArgumentException(
          "no offline feature view to backfill in " + repository.root());
    }
    return programs;
  }

  public void build(StreamExecutionEnvironment env) {
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    List<ViewProgram> programs = programs();
    long first = settings.firstDay();
    long end = settings.endDay();
    ReadRange range = ReadRange.forValuesIn(programs, first, end);
    DataStream<ViewEvent> events = null;
    rejected = new RejectedRecords(System.currentTimeMillis());
    // a chunk's records were judged, and its rejected ones sent, by the reading pass
    boolean judged = settings.part() == BackfillSettings.Part.CHUNK;
    for (Map.Entry<Source, Map<Integer, ViewProgram>> bySource :
        ViewProgram.bySource(programs).entrySet()) {
      SourceInput<?> input = inputs.of(bySource.getKey());
      lineage.put(bySource.getKey().name(), input);
      DataStream<ViewEvent> read =
          input.events(
              env, bySource.getKey().name(), bySource.getValue(), range, rejected, !judged);
      events = events == null ? read : events.union(read);
    }
    rejected.gate(judged ? JUDGED_ALREADY : settings.maxRejected());
    if (settings.part() != BackfillSettings.Part.READING) {
      writeRows(events, programs, first, end);
    }
    if (!judged) {
      rejected.writeDeadLetters(
          settings.catalog(),
          Map.of(
              DeadLetterRuns.SCOPE,
              deadLetterScope(),
              DeadLetterRuns.JOB_ID,
              settings.jobId(),
              "tributary.backfill",
              "[" + first + ", " + end + ")"));
    }
  }

  private void writeRows(
      DataStream<ViewEvent> events, List<ViewProgram> programs, long first, long end) {
    DataStream<HistoryChange> changes =
        events
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<ViewEvent>noWatermarks()
                    .withTimestampAssigner((event, previous) -> event.eventTime))
            .uid("event-time")
            .name("event time")
            .keyBy(new ViewVersionKey(programs))
            .process(new KeyEndChangePoints(programs))
            .uid("materialize")
            .name("change points per (view, entity)")
            .filter(change -> change.validFrom >= first && change.validFrom < end)
            .uid("in-range")
            .name("valid_from in [" + first + ", " + end + ")");
    changes = rejected.afterVerdict(changes, "history-after-verdict");
    Catalog catalog = settings.catalog().open();
    for (int i = 0; i < programs.size(); i++) {
      attach(changes, i, programs.get(i), catalog);
    }
  }

  /**
   * What this run's dead letters are of: its range and exactly what it read. A rerun of the same
   * range over the same input replaces them ({@link DeadLetterRuns}).
   */
  private String deadLetterScope() {
    StringBuilder scope =
        new StringBuilder("backfill [")
            .append(settings.firstDay())
            .append(", ")
            .append(settings.endDay())
            .append(") of");
    new TreeMap<>(lineage)
        .forEach(
            (source, input) ->
                scope.append(' ').append(source).append('=').append(input.lineage()));
    return scope.toString();
  }

  /**
   * What the run made of its inputs, to print after it: the records read, used and rejected per
   * input and kind, and where the rejected ones are.
   */
  public String rejectionSummary(JobExecutionResult result) {
    return rejected.summary(result, rejected.whereRejected());
  }

  /**
   * Removes what remains of days in the range that the run wrote nothing into, and the dead letters
   * earlier runs of the same range sent; call after the job. A reading pass writes no rows and
   * clears no day.
   */
  public int finish() {
    Catalog catalog = settings.catalog().open();
    if (settings.part() != BackfillSettings.Part.CHUNK) {
      DeadLetterRuns.replaceEarlier(
          catalog.loadTable(DeadLetterTable.IDENTIFIER), deadLetterScope(), settings.jobId());
    }
    if (settings.part() == BackfillSettings.Part.READING) {
      return 0;
    }
    int deleted = 0;
    for (ViewProgram program : programs()) {
      Table table = catalog.loadTable(identifier(program.view()));
      deleted +=
          DayPartitions.clearUnwritten(
              table,
              settings.firstDay(),
              settings.endDay(),
              snapshotsBefore.get(program.view().versionedName()));
    }
    return deleted;
  }

  private void attach(
      DataStream<HistoryChange> changes, int index, ViewProgram program, Catalog catalog) {
    FeatureView view = program.view();
    SourceInput<?> source = lineage.get(view.source().name());
    Table table = HistoryTableSink.createIfAbsent(catalog, view);
    if (table.currentSnapshot() != null) {
      snapshotsBefore.put(view.versionedName(), table.currentSnapshot().snapshotId());
    }
    DataStream<RowData> rows =
        HistoryTableSink.rows(changes, index, program, table.schema(), settings.jobId());
    IcebergSink.forRowData(rows)
        .tableLoader(TableLoader.fromCatalog(settings.catalog().loader(), identifier(view)))
        .overwrite(true)
        .setSnapshotProperty(
            "tributary.backfill", "[" + settings.firstDay() + ", " + settings.endDay() + ")")
        .setSnapshotProperty("tributary.job-id", settings.jobId())
        .setSnapshotProperty("tributary.source-" + source.kind(), source.lineage())
        .uidSuffix("backfill-" + view.name())
        .append();
  }

  private static TableIdentifier identifier(FeatureView view) {
    return TableIdentifier.of(HistoryTables.NAMESPACE, view.versionedName());
  }
}
