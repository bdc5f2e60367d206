package dev.tributary.cli;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.training.FeatureBaseline;
import dev.tributary.core.training.Spine;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.flink.execution.JobCompletion;
import dev.tributary.flink.iceberg.BaselineTable;
import dev.tributary.flink.iceberg.TrainingColumns;
import dev.tributary.flink.lineage.JobLineage;
import dev.tributary.flink.training.TrainingSetJob;
import dev.tributary.flink.training.TrainingSetSettings;
import dev.tributary.flink.training.TrainingStrategy;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tributary training-set}: a point-in-time training set in {@code training.<name>} with its
 * baseline statistics, from a model's label rows or from any source's rows as the spine.
 */
@Command(
    name = "training-set",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Build a point-in-time training set: for every spine row, every feature as of the row's as_of time, "
          + "into Iceberg training.<name>, with baseline statistics in training.<name>__stats. See docs/batch.md.",
      "Example: tributary training-set feature-defs --model flight_delay --from 2001-01-02 --to 2001-01-15",
      "Example: tributary training-set feature-defs --spine-source requests --feature origin_delays.flights_1h "
          + "--name requests_set --from 2001-01-02 --to 2001-01-03 --strategy recompute"
    })
final class TrainingSetCommand extends DefinitionsCommand {
  @Mixin FlinkTarget flink;
  @Mixin CatalogOptions catalog;
  @Mixin SourceInputOptions inputs;
  @Mixin RejectionOptions rejections;

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      description =
          "spine = the model's label source rows, as_of = its prediction_time, label = its value; "
              + "features = its inputs")
  String model;

  @Option(
      names = "--spine-source",
      paramLabel = "SOURCE",
      description =
          "spine = this source's rows (files: CSV, JSON or Parquet, or an Iceberg table), as_of = its event "
              + "time")
  String spineSource;

  @Option(
      names = "--feature",
      paramLabel = "VIEW.FEATURE",
      description = "a feature, repeatable (with --spine-source)")
  List<String> features = new ArrayList<>();

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "training set name (default: the model's name)")
  String name;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "TIME",
      description = "spine rows with as_of from here")
  String from;

  @Option(names = "--to", required = true, paramLabel = "TIME", description = "to here, exclusive")
  String to;

  @Option(
      names = "--strategy",
      defaultValue = "history-join",
      paramLabel = "history-join|recompute",
      description =
          "as-of join on the history tables, or recompute from raw events; same output (default: ${DEFAULT-VALUE})")
  String strategy;

  @Option(
      names = "--bins",
      defaultValue = "10",
      description = "quantile bins of the baseline statistics (default: ${DEFAULT-VALUE})")
  int bins;

  @Option(
      names = "--parquet",
      paramLabel = "FILE|URI",
      description =
          "also write the training set, exactly the rows of training.<name>, to this Parquet file: a local"
              + " path, or a URI the catalog's FileIO writes (s3://bucket/key.parquet)")
  String parquet;

  @Option(
      names = "--in-memory-join-rows",
      defaultValue = "" + TrainingSetSettings.DEFAULT_IN_MEMORY_JOIN_ROWS,
      paramLabel = "ROWS",
      description =
          "history join: hold a view's history in memory when it has at most this many rows in the"
              + " range, else sort both sides by entity in bounded memory; 0 sorts every view"
              + " (default: ${DEFAULT-VALUE})")
  long inMemoryJoinRows;

  @Mixin LineageOption lineage;

  @Override
  int run(FeatureRepository repository, PrintWriter out) throws Exception {
    if ((model == null) == (spineSource == null)) {
      spec.commandLine().getErr().println("give either --model, or --spine-source with --feature");
      return 2;
    }
    String setName = name != null ? name : model;
    if (setName == null) {
      spec.commandLine().getErr().println("give --name for a training set over --spine-source");
      return 2;
    }
    TrainingSetSettings settings =
        new TrainingSetSettings(
            catalog.config(),
            setName,
            BackfillCommand.time(from),
            BackfillCommand.time(to),
            TrainingStrategy.parse(strategy),
            "training-set-" + UUID.randomUUID(),
            inputs.files(),
            inputs.tables(),
            bins,
            parquet,
            rejections.limit(),
            inMemoryJoinRows);
    TrainingSetJob job =
        model != null
            ? TrainingSetJob.forModel(repository, model, settings)
            : new TrainingSetJob(
                Spine.ofSource(
                    repository
                        .source(spineSource)
                        .orElseThrow(
                            () ->
                                new IllegalArgumentException(
                                    "no source named '"
                                        + spineSource
                                        + "' in "
                                        + repository.root()))),
                featureRefs(repository),
                settings);
    StreamExecutionEnvironment env = flink.environment();
    job.build(env);
    out.println(
        "training-set: "
            + job.columns().features().size()
            + " features from "
            + job.columns().programs().size()
            + " views, strategy "
            + strategy);
    job.joins().forEach((view, how) -> out.println("training-set: " + view + " " + how));
    out.flush();
    JobExecutionResult result;
    Instant started = Instant.now();
    try {
      result = JobCompletion.execute(env, "tributary training-set " + setName);
    } catch (Exception failed) {
      job.abandon();
      if (RejectionOptions.reported(failed, spec.commandLine().getErr())) {
        return 1;
      }
      throw failed;
    }
    List<FeatureBaseline> baselines = job.finish();
    lineage
        .recorder(settings.catalog(), null)
        .record(
            JobLineage.trainingSet(
                job.columns().programs().stream().map(ViewProgram::view).toList(),
                TrainingColumns.NAMESPACE + "." + setName,
                settings.catalog().open(),
                started));
    out.println(
        "training-set: training."
            + setName
            + " written"
            + (parquet == null ? "" : ", and " + parquet)
            + "; baseline statistics of "
            + baselines.size()
            + " features in training."
            + BaselineTable.name(setName));
    out.println("training-set: records");
    out.println(job.rejectionSummary(result).indent(2).stripTrailing());
    return 0;
  }

  private List<FeatureRef> featureRefs(FeatureRepository repository) {
    List<FeatureRef> refs = new ArrayList<>();
    for (String text : features) {
      String[] parts = text.split("\\.", 2);
      FeatureView view =
          repository
              .view(parts[0])
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--feature " + text + ": no feature view named '" + parts[0] + "'"));
      if (parts.length < 2 || view.feature(parts[1]).isEmpty()) {
        throw new IllegalArgumentException(
            "--feature " + text + ": view '" + view.name() + "' has no such feature");
      }
      refs.add(new FeatureRef(view, view.feature(parts[1]).get()));
    }
    return refs;
  }
}
