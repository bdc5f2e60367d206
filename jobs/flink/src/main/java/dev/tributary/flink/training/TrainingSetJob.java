package dev.tributary.flink.training;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Model;
import dev.tributary.core.defs.Source;
import dev.tributary.core.plan.HistoryTables;
import dev.tributary.core.training.FeatureBaseline;
import dev.tributary.core.training.Spine;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.flink.iceberg.BaselineTable;
import dev.tributary.flink.iceberg.DeadLetterRuns;
import dev.tributary.flink.iceberg.DeadLetterTable;
import dev.tributary.flink.iceberg.HistoryRowDecoder;
import dev.tributary.flink.iceberg.TrainingColumns;
import dev.tributary.flink.records.HistoryChange;
import dev.tributary.flink.records.ViewEvent;
import dev.tributary.flink.sourceinput.ReadRange;
import dev.tributary.flink.sourceinput.RejectedRecords;
import dev.tributary.flink.sourceinput.SourceInput;
import dev.tributary.flink.sourceinput.SourceInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.IcebergSink;
import org.apache.iceberg.flink.source.IcebergSource;
import org.apache.iceberg.flink.source.assigner.SimpleSplitAssignerFactory;
import org.apache.iceberg.flink.source.reader.ConverterReaderFunction;
import org.apache.iceberg.io.CloseableIterable;

/**
 * A point-in-time training set: for every spine row, every feature's value as of the row's {@code
 * as_of}, in {@code training.<name>}, with baseline statistics in {@code training.<name>__stats}.
 *
 * <pre>
 *  spine (files or table) ─► SpineRows ─► by view 1 key ─┐
 *                                                        ├─► lookup (as-of join | recompute) ─► by view 2 key ─► ... ─► IcebergSink
 *  history table snapshot (or raw events) of view 1 ─────┘                                                          training.&lt;name&gt;
 * </pre>
 *
 * <p>Runs in Flink's BATCH mode: each lookup partitions the spine and the view's history rows (or
 * events) by entity key; spine rows then move on, re-keyed, to the next view. Of the history before
 * the range only each entity's latest row is shuffled ({@link LatestBeforeRange}). A view whose
 * history in the range is small enough ({@link TrainingSetSettings#inMemoryJoinRows}) is joined in
 * memory without sorting ({@link HashedHistoryLookup}); otherwise, and when recomputing, Flink
 * sorts both sides and {@link KeyEndLookup} answers one entity at a time with one sweep, in memory
 * bounded by the largest entity (and one history row per entity), never spine times history.
 *
 * <p>The sink writes into a staging table, and {@link #finish()} swaps it in as {@code
 * training.<name>} ({@link StagedTrainingTable}): a run that fails, for too many rejected records
 * ({@link RejectedRecords}) or anything else, leaves the previous training set as it was. See
 * docs/batch.md.
 */
public final class TrainingSetJob {
  private final Spine spine;
  private final TrainingColumns columns;
  private final TrainingSetSettings settings;
  private final Map<String, Long> historySnapshots = new LinkedHashMap<>();

  /** Where the job writes the rows before they replace the training table. */
  private final StagedTrainingTable staged;

  /** The run's rejected records and the gate on them, once built. */
  private RejectedRecords rejected;

  /** Where the spine's rows are read from, once built. */
  private SourceInput<?> spineInput;

  /** Per view (versioned name), how its lookup joins, once built: {@link #joins()}. */
  private final Map<String, String> joins = new LinkedHashMap<>();

  /** Recompute: per source name, where its events are read from. */
  private final Map<String, SourceInput<?>> eventInputs = new LinkedHashMap<>();

  public TrainingSetJob(Spine spine, List<FeatureRef> features, TrainingSetSettings settings) {
    if (features.isEmpty()) {
      throw new IllegalArgumentException("training set '" + settings.name() + "': no features");
    }
    this.spine = spine;
    this.columns = TrainingColumns.of(spine, features);
    this.settings = settings;
    this.staged = new StagedTrainingTable(identifier());
  }

  /** The training set of a model: its label rows as the spine, its inputs as the features. */
  public static TrainingSetJob forModel(
      FeatureRepository repository, String modelName, TrainingSetSettings settings) {
    Model model =
        repository
            .model(modelName)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no model named '" + modelName + "' in " + repository.root()));
    return new TrainingSetJob(Spine.ofLabel(model), model.inputs(), settings);
  }

  public TrainingColumns columns() {
    return columns;
  }

  /**
   * After {@link #build}: per view (versioned name), how its lookup gets the values, for the run's
   * output: {@code in memory} or {@code sorted by entity} with the history rows in the range that
   * decided it ({@link TrainingSetSettings#inMemoryJoinRows}), or recomputed from events.
   */
  public Map<String, String> joins() {
    return Collections.unmodifiableMap(joins);
  }

  public void build(StreamExecutionEnvironment env) {
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    // every function makes new objects for what it emits and the lookups' sorted inputs are read
    // into new objects, so chained operators need not copy each record (a deep copy of every
    // history row and spine row otherwise)
    env.getConfig().enableObjectReuse();
    List<ViewProgram> programs = columns.programs();
    List<Spine.SpineKeys> keys = programs.stream().map(p -> spine.keysOf(p.view())).toList();
    SourceInputs inputs = settings.inputs();
    spineInput = inputs.of(spine.source());
    rejected = new RejectedRecords(System.currentTimeMillis());
    DataStream<SpineRow> rows =
        SpineRows.read(spineInput, env, spine, keys, settings.from(), settings.to(), rejected);
    Catalog catalog = settings.catalog().open();
    for (int view = 0; view < programs.size(); view++) {
      rows =
          settings.strategy() == TrainingStrategy.HISTORY_JOIN
              ? joinHistory(rows, env, catalog, view)
              : recompute(rows, env, inputs, view);
    }
    rejected.gate(settings.maxRejected());
    rows = rejected.afterVerdict(rows, "training-after-verdict");
    Table table = staged.create(catalog, columns.table(settings.name()));
    rejected.writeDeadLetters(
        settings.catalog(),
        Map.of(DeadLetterRuns.SCOPE, deadLetterScope(), DeadLetterRuns.JOB_ID, settings.jobId()));
    IcebergSink.forRowData(
            rows.map(
                    new TrainingRowConverter(columns),
                    InternalTypeInfo.of(FlinkSchemaUtil.convert(table.schema())))
                .uid("training-rows")
                .name("to rows of " + table.name()))
        .tableLoader(TableLoader.fromCatalog(settings.catalog().loader(), staged.staging()))
        .uidSuffix("training-" + settings.name())
        .append();
  }

  /**
   * The spine rows with view {@code view}'s values as of their times, from its history table: in
   * memory when the view's history in the range is small enough, else sorted by entity.
   */
  private DataStream<SpineRow> joinHistory(
      DataStream<SpineRow> rows, StreamExecutionEnvironment env, Catalog catalog, int view) {
    ViewProgram program = columns.programs().get(view);
    String name = program.view().name();
    DataStream<HistoryChange> history =
        env.fromSource(
                historySource(catalog, view, historyColumns(catalog, view)),
                WatermarkStrategy.noWatermarks(),
                "history rows of " + program.view().versionedName(),
                TypeInformation.of(HistoryChange.class))
            .uid("history-" + name)
            .transform(
                "latest history row before "
                    + settings.from()
                    + " of "
                    + program.view().versionedName(),
                TypeInformation.of(HistoryChange.class),
                new LatestBeforeRange(settings.from(), settings.to()))
            .uid("history-latest-before-" + name);
    long inRange = historyRowsInRange(catalog, view);
    boolean inMemory = settings.inMemoryJoinRows() > 0 && inRange <= settings.inMemoryJoinRows();
    joins.put(
        program.view().versionedName(),
        String.format(
            "%s, %,d history rows in the range",
            inMemory ? "in memory" : "sorted by entity", inRange));
    if (inMemory) {
      return rows.partitionCustom(new EntityPartitioner(), row -> row.keys[view])
          .connect(history.partitionCustom(new EntityPartitioner(), change -> change.key))
          .transform(
              "in-memory as-of join " + program.view().versionedName(),
              TypeInformation.of(SpineRow.class),
              new HashedHistoryLookup(view, columns))
          .uid("lookup-" + name);
    }
    return rows.keyBy(row -> row.keys[view], Types.STRING)
        .connect(history.keyBy(change -> change.key, Types.STRING))
        .process(new HistoryJoinLookup(view, columns))
        .uid("lookup-" + name)
        .name("as-of join " + program.view().versionedName());
  }

  /** The spine rows with view {@code view}'s values as of their times, from its source's events. */
  private DataStream<SpineRow> recompute(
      DataStream<SpineRow> rows, StreamExecutionEnvironment env, SourceInputs inputs, int view) {
    ViewProgram program = columns.programs().get(view);
    String name = program.view().name();
    joins.put(program.view().versionedName(), "recomputed from events, sorted by entity");
    Source source = program.view().source();
    SourceInput<?> input = inputs.of(source);
    eventInputs.put(source.name(), input);
    DataStream<ViewEvent> events =
        input.events(
            env,
            name,
            Map.of(view, program),
            ReadRange.forValuesIn(List.of(program), settings.from(), settings.to()),
            rejected,
            true);
    return rows.keyBy(row -> row.keys[view], Types.STRING)
        .connect(events.keyBy(event -> event.key, Types.STRING))
        .process(new RecomputeLookup(view, columns))
        .uid("lookup-" + name)
        .name("recompute " + program.view().versionedName());
  }

  /**
   * What this run's dead letters are of: the training set, rebuilt whole, so a rebuild replaces the
   * dead letters of the one before ({@link DeadLetterRuns}).
   */
  private String deadLetterScope() {
    return "training-set " + settings.name();
  }

  /**
   * What the run made of its inputs (spine rows, and events when recomputing), to print after it:
   * the records read, used and rejected per input and kind, and where the rejected ones are.
   */
  public String rejectionSummary(JobExecutionResult result) {
    return rejected.summary(result, rejected.whereRejected());
  }

  /**
   * After the job: writes the Parquet copy when asked for, swaps the staged rows in as {@code
   * training.<name>} with table properties that name what the set was built from (enough to rebuild
   * it exactly), and writes the baseline statistics.
   */
  public List<FeatureBaseline> finish() {
    Catalog catalog = settings.catalog().open();
    DeadLetterRuns.replaceEarlier(
        catalog.loadTable(DeadLetterTable.IDENTIFIER), deadLetterScope(), settings.jobId());
    Table rows = catalog.loadTable(staged.staging());
    if (rows.currentSnapshot() == null) {
      staged.abandon(catalog);
      throw new IllegalStateException(
          "training set "
              + identifier()
              + " not replaced: no spine row has an as-of time in ["
              + settings.from()
              + ", "
              + settings.to()
              + ")");
    }
    Map<String, String> lineage = new LinkedHashMap<>();
    lineage.put("tributary.spine", spine.description());
    lineage.put("tributary.spine-" + spineInput.kind(), spineInput.lineage());
    lineage.put("tributary.as-of-range", "[" + settings.from() + ", " + settings.to() + ")");
    lineage.put(
        "tributary.strategy",
        settings.strategy().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    lineage.put(
        "tributary.views",
        String.join(",", columns.programs().stream().map(p -> p.view().versionedName()).toList()));
    lineage.put("tributary.job-id", settings.jobId());
    if (settings.strategy() == TrainingStrategy.HISTORY_JOIN) {
      List<String> snapshots = new ArrayList<>();
      historySnapshots.forEach((t, id) -> snapshots.add(t + "@" + id));
      lineage.put("tributary.history-snapshots", String.join(",", snapshots));
    } else {
      Map<String, List<String>> byKind = new TreeMap<>();
      eventInputs
          .values()
          .forEach(
              input ->
                  byKind
                      .computeIfAbsent(input.kind(), k -> new ArrayList<>())
                      .add(input.lineage()));
      byKind.forEach(
          (kind, lineages) -> lineage.put("tributary.source-" + kind, String.join(",", lineages)));
    }
    if (settings.parquetOrNull() != null) {
      TrainingParquet.write(rows, settings.parquetOrNull());
      lineage.put("tributary.parquet", settings.parquetOrNull());
    }
    Table table = staged.publish(catalog, lineage);
    List<String> numeric =
        columns.features().stream()
            .filter(
                f ->
                    !f.list()
                        && (f.type().isNumeric()
                            || f.type() == dev.tributary.core.types.ValueType.BOOLEAN))
            .map(TrainingColumns.FeatureColumn::name)
            .toList();
    return BaselineTable.write(catalog, table, numeric, settings.bins());
  }

  /**
   * After a job that failed (too many rejected records, or any other failure): drops what it
   * staged. The training table was never touched.
   */
  public void abandon() {
    staged.abandon(settings.catalog().open());
  }

  /**
   * The view's history table at its current snapshot (pinned: the training set names it), read in
   * parallel with Iceberg's Flink source, equality deletes applied. Only rows with {@code
   * valid_from < to}, but every one of those, decoded into history rows as they are read ({@link
   * HistoryRowDecoder}): a history row is written when a value changes, not per event, so the row
   * in effect at the range's start may be older than any window or TTL (a {@code max} that later
   * events keep at the same value writes no row). {@link LatestBeforeRange} then keeps one row per
   * entity of those before the range.
   *
   * <p>The bound on {@code valid_from} plans the files (the day partitions and the files' bounds),
   * and the reader is built here without it: Iceberg's reader evaluates a source's filters again on
   * every row it reads, a tenth of the reading on the benchmark, though only the files of {@code
   * to}'s own day can hold a later row. {@link LatestBeforeRange} drops those.
   */
  private IcebergSource<HistoryChange> historySource(Catalog catalog, int view, Schema read) {
    ViewProgram program = columns.programs().get(view);
    Table table = historyTable(catalog, program);
    TableIdentifier id = historyIdentifier(program);
    long snapshot = table.currentSnapshot().snapshotId();
    historySnapshots.put(id.toString(), snapshot);
    List<Expression> filesBeforeEnd =
        List.of(Expressions.lessThan(HistoryTables.VALID_FROM, settings.to() * 1000));
    return IcebergSource.<HistoryChange>builder()
        .tableLoader(TableLoader.fromCatalog(settings.catalog().loader(), id))
        .useSnapshotId(snapshot)
        .project(read)
        .streaming(false)
        .filters(filesBeforeEnd)
        .readerFunction(
            new ConverterReaderFunction<>(
                new HistoryRowDecoder(view, columns),
                new Configuration(),
                table.schema(),
                read,
                null,
                true,
                table.io(),
                table.encryption(),
                List.of(),
                -1L))
        .assignerFactory(new SimpleSplitAssignerFactory())
        .build();
  }

  /**
   * How many rows view {@code view}'s history table has in the training range, at most: the rows of
   * the data files Iceberg plans for it (the day partitions and the files' {@code valid_from}
   * bounds), read from the manifests, no data file opened. Rows deleted since count too.
   */
  private long historyRowsInRange(Catalog catalog, int view) {
    ViewProgram program = columns.programs().get(view);
    Table table = historyTable(catalog, program);
    long rows = 0;
    try (CloseableIterable<FileScanTask> files =
        table
            .newScan()
            .useSnapshot(historySnapshots.get(historyIdentifier(program).toString()))
            .filter(
                Expressions.and(
                    Expressions.greaterThanOrEqual(
                        HistoryTables.VALID_FROM, settings.from() * 1000),
                    Expressions.lessThan(HistoryTables.VALID_FROM, settings.to() * 1000)))
            .planFiles()) {
      for (FileScanTask file : files) {
        rows += file.file().recordCount();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("planning the history of " + table.name(), e);
    }
    return rows;
  }

  /**
   * The columns of view {@code view}'s history table the join reads: the keys, {@code valid_from}
   * and the features the set has a column for ({@link TrainingColumns#selected}), in the table's
   * order, which {@link HistoryRowDecoder} reads them in.
   */
  private Schema historyColumns(Catalog catalog, int view) {
    ViewProgram program = columns.programs().get(view);
    List<String> names = new ArrayList<>();
    program.view().entity().keys().forEach(key -> names.add(key.name()));
    names.add(HistoryTables.VALID_FROM);
    for (int feature : columns.selected(view)) {
      names.add(program.spec().feature(feature).name());
    }
    return historyTable(catalog, program).schema().select(names);
  }

  private static TableIdentifier historyIdentifier(ViewProgram program) {
    return TableIdentifier.of(HistoryTables.NAMESPACE, program.view().versionedName());
  }

  private static Table historyTable(Catalog catalog, ViewProgram program) {
    TableIdentifier id = historyIdentifier(program);
    if (!catalog.tableExists(id) || catalog.loadTable(id).currentSnapshot() == null) {
      throw new IllegalArgumentException(
          "history table "
              + id
              + " of view '"
              + program.view().name()
              + "' does not exist or is empty: run 'tributary backfill' first, or use --strategy recompute");
    }
    return catalog.loadTable(id);
  }

  private TableIdentifier identifier() {
    return TableIdentifier.of(TrainingColumns.NAMESPACE, settings.name());
  }
}
