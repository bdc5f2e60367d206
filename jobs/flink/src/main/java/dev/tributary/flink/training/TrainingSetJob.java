package dev.tributary.flink.training;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Model;
import dev.tributary.core.defs.Source;
import dev.tributary.core.plan.HistoryTables;
import dev.tributary.core.plan.PlannedTable;
import dev.tributary.core.training.FeatureBaseline;
import dev.tributary.core.training.Spine;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.flink.iceberg.DeadLetterRuns;
import dev.tributary.flink.iceberg.DeadLetterTable;
import dev.tributary.flink.iceberg.HistoryRowDecoder;
import dev.tributary.flink.iceberg.IcebergSchemas;
import dev.tributary.flink.records.HistoryChange;
import dev.tributary.flink.records.ViewEvent;
import dev.tributary.flink.sourceinput.ReadRange;
import dev.tributary.flink.sourceinput.RejectedRecords;
import dev.tributary.flink.sourceinput.SourceInput;
import dev.tributary.flink.sourceinput.SourceInputs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.IcebergSink;
import org.apache.iceberg.flink.source.IcebergSource;
import org.apache.iceberg.flink.source.assigner.SimpleSplitAssignerFactory;

/**
 * A point-in-time training set: for every spine row, every feature's value as of the row's {@code
 * as_of}, in {@code training.<name>}, with baseline statistics in {@code training.<name>__stats}.
 *
 * <pre>
 *  spine (files or table) ─► SpineRows ─► keyBy(view 1 key) ─┐
 *                                                            ├─► lookup (as-of join | recompute) ─► keyBy(view 2 key) ─► ... ─► IcebergSink
 *  history table snapshot (or raw events) of view 1 ─────────┘                                                               training.&lt;name&gt;
 * </pre>
 *
 * <p>Runs in Flink's BATCH mode: each lookup partitions the spine and the view's history rows (or
 * events) by entity key, Flink sorts them, and {@link KeyEndLookup} answers one entity at a time
 * with one sweep; spine rows then move on, re-keyed, to the next view. Memory is bounded by the
 * largest entity, never spine times history. See docs/batch.md.
 */
public final class TrainingSetJob {
  private final Spine spine;
  private final TrainingColumns columns;
  private final TrainingSetSettings settings;
  private final Map<String, Long> historySnapshots = new LinkedHashMap<>();

  /** The run's rejected records and the gate on them, once built. */
  private RejectedRecords rejected;

  /** Where the spine's rows are read from, once built. */
  private SourceInput<?> spineInput;

  /** Recompute: per source name, where its events are read from. */
  private final Map<String, SourceInput<?>> eventInputs = new LinkedHashMap<>();

  public TrainingSetJob(Spine spine, List<FeatureRef> features, TrainingSetSettings settings) {
    if (features.isEmpty()) {
      throw new IllegalArgumentException("training set '" + settings.name() + "': no features");
    }
    this.spine = spine;
    this.columns = TrainingColumns.of(spine, features);
    this.settings = settings;
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

  public void build(StreamExecutionEnvironment env) {
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    List<ViewProgram> programs = columns.programs();
    List<Spine.SpineKeys> keys = programs.stream().map(p -> spine.keysOf(p.view())).toList();
    SourceInputs inputs = settings.inputs();
    spineInput = inputs.of(spine.source());
    rejected = new RejectedRecords(System.currentTimeMillis());
    DataStream<SpineRow> rows =
        SpineRows.read(spineInput, env, spine, keys, settings.from(), settings.to(), rejected);
    Catalog catalog = settings.catalog().open();
    for (int v = 0; v < programs.size(); v++) {
      int view = v;
      ViewProgram program = programs.get(v);
      String name = program.view().name();
      if (settings.strategy() == TrainingStrategy.HISTORY_JOIN) {
        DataStream<HistoryChange> history =
            env.fromSource(
                    historySource(catalog, program),
                    WatermarkStrategy.noWatermarks(),
                    "history of " + program.view().versionedName(),
                    InternalTypeInfo.of(
                        FlinkSchemaUtil.convert(
                            catalog
                                .loadTable(
                                    TableIdentifier.of(
                                        HistoryTables.NAMESPACE, program.view().versionedName()))
                                .schema())))
                .uid("history-" + name)
                .map(new HistoryRowDecoder(view, program), TypeInformation.of(HistoryChange.class))
                .uid("history-rows-" + name)
                .name("history rows of " + program.view().versionedName());
        rows =
            rows.keyBy(row -> row.keys[view], Types.STRING)
                .connect(history.keyBy(change -> change.key, Types.STRING))
                .process(new HistoryJoinLookup(view, program))
                .uid("lookup-" + name)
                .name("as-of join " + program.view().versionedName());
      } else {
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
        rows =
            rows.keyBy(row -> row.keys[view], Types.STRING)
                .connect(events.keyBy(event -> event.key, Types.STRING))
                .process(new RecomputeLookup(view, program))
                .uid("lookup-" + name)
                .name("recompute " + program.view().versionedName());
      }
    }
    rejected.gate(settings.maxRejected());
    rows = rejected.afterVerdict(rows, "training-after-verdict");
    Table table = createTable(catalog);
    rejected.writeDeadLetters(
        settings.catalog(),
        Map.of(DeadLetterRuns.SCOPE, deadLetterScope(), DeadLetterRuns.JOB_ID, settings.jobId()));
    IcebergSink.forRowData(
            rows.map(
                    new TrainingRowConverter(columns),
                    InternalTypeInfo.of(FlinkSchemaUtil.convert(table.schema())))
                .uid("training-rows")
                .name("to rows of " + table.name()))
        .tableLoader(TableLoader.fromCatalog(settings.catalog().loader(), identifier()))
        .uidSuffix("training-" + settings.name())
        .append();
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
   * After the job: writes the Parquet copy when asked for, names what the training set was built
   * from in its table properties (enough to rebuild it exactly), and writes the baseline
   * statistics.
   */
  public List<FeatureBaseline> finish() {
    Catalog catalog = settings.catalog().open();
    DeadLetterRuns.replaceEarlier(
        catalog.loadTable(DeadLetterTable.IDENTIFIER), deadLetterScope(), settings.jobId());
    Table table = catalog.loadTable(identifier());
    if (table.currentSnapshot() == null) {
      throw new IllegalStateException(
          "training set "
              + table.name()
              + " has no rows: no spine row has an as-of time "
              + "in ["
              + settings.from()
              + ", "
              + settings.to()
              + ")");
    }
    UpdateProperties properties =
        table
            .updateProperties()
            .set("tributary.spine", spine.description())
            .set("tributary.spine-" + spineInput.kind(), spineInput.lineage())
            .set("tributary.as-of-range", "[" + settings.from() + ", " + settings.to() + ")")
            .set(
                "tributary.strategy",
                settings.strategy().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
            .set(
                "tributary.views",
                String.join(
                    ",", columns.programs().stream().map(p -> p.view().versionedName()).toList()))
            .set("tributary.job-id", settings.jobId());
    if (settings.strategy() == TrainingStrategy.HISTORY_JOIN) {
      List<String> snapshots = new ArrayList<>();
      historySnapshots.forEach((t, id) -> snapshots.add(t + "@" + id));
      properties.set("tributary.history-snapshots", String.join(",", snapshots));
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
          (kind, lineages) ->
              properties.set("tributary.source-" + kind, String.join(",", lineages)));
    }
    if (settings.parquetOrNull() != null) {
      TrainingParquet.write(table, settings.parquetOrNull());
      properties.set("tributary.parquet", settings.parquetOrNull());
    }
    properties.commit();
    List<String> numeric =
        columns.features().stream()
            .filter(
                f ->
                    !f.list()
                        && (f.type().isNumeric()
                            || f.type() == dev.tributary.core.types.ValueType.BOOLEAN))
            .map(TrainingColumns.FeatureColumn::name)
            .toList();
    return BaselineTable.write(catalog, catalog.loadTable(identifier()), numeric, settings.bins());
  }

  private Table createTable(Catalog catalog) {
    if (catalog.tableExists(identifier())) {
      // a training set is rebuilt whole: the old one, with its properties, goes
      catalog.dropTable(identifier(), true);
    }
    PlannedTable planned = columns.table(settings.name());
    return IcebergSchemas.createIfAbsent(catalog, planned, List.of());
  }

  /**
   * The view's history table at its current snapshot (pinned: the training set names it), read in
   * parallel with Iceberg's Flink source, equality deletes applied. Only rows that can be in effect
   * as of a time in the range: {@code valid_from < to}, and, without lifetime features, from {@code
   * from} minus the view's lookback: an entity with no row since then had no event in the window
   * nor the TTL, so its value is the values without events, which the join gives anyway.
   */
  private IcebergSource<RowData> historySource(Catalog catalog, ViewProgram program) {
    TableIdentifier id =
        TableIdentifier.of(HistoryTables.NAMESPACE, program.view().versionedName());
    if (!catalog.tableExists(id) || catalog.loadTable(id).currentSnapshot() == null) {
      throw new IllegalArgumentException(
          "history table "
              + id
              + " of view '"
              + program.view().name()
              + "' does not exist or is empty: run 'tributary backfill' first, or use --strategy recompute");
    }
    long snapshot = catalog.loadTable(id).currentSnapshot().snapshotId();
    historySnapshots.put(id.toString(), snapshot);
    ReadRange range = ReadRange.forValuesIn(List.of(program), settings.from(), settings.to());
    List<Expression> filters = new ArrayList<>();
    filters.add(Expressions.lessThan(HistoryTables.VALID_FROM, settings.to() * 1000));
    if (range.fromInclusive() != Long.MIN_VALUE) {
      filters.add(
          Expressions.greaterThanOrEqual(HistoryTables.VALID_FROM, range.fromInclusive() * 1000));
    }
    return IcebergSource.forRowData()
        .tableLoader(TableLoader.fromCatalog(settings.catalog().loader(), id))
        .useSnapshotId(snapshot)
        .streaming(false)
        .filters(filters)
        .assignerFactory(new SimpleSplitAssignerFactory())
        .build();
  }

  private TableIdentifier identifier() {
    return TableIdentifier.of(TrainingColumns.NAMESPACE, settings.name());
  }
}
