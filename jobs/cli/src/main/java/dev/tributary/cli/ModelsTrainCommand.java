package dev.tributary.cli;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Model;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.iceberg.TrainingColumns;
import dev.tributary.flink.lineage.JobLineage;
import dev.tributary.triton.models.FlightDelayPublisher;
import dev.tributary.triton.models.TrainingRows;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.catalog.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tributary models train}: the flight_delay versions trained from the model's training table
 * in Iceberg ({@link TrainingTableRows}), written to a staging repository; {@code models publish}
 * then puts them where a server reads them. The run's lineage (training snapshot and view versions
 * to each version's staging folder) goes to {@code registry.lineage}.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train the model's versions from its training table training.<model> (build it first with "
          + "'tributary training-set --model'), into a staging model repository. See docs/triton.md.",
      "Example: tributary models train feature-defs --repository staging --test-from 2001-01-11"
    })
final class ModelsTrainCommand extends DefinitionsCommand {
  @Mixin CatalogOptions catalog;
  @Mixin LineageOption lineage;

  @Option(
      names = "--model",
      defaultValue = FlightDelayPublisher.MODEL,
      description = "the model (default: ${DEFAULT-VALUE}, the one model with a trainer)")
  String model;

  @Option(
      names = "--training-set",
      paramLabel = "NAME",
      description = "read training.<NAME> (default: the model's name)")
  String trainingSet;

  @Option(
      names = "--repository",
      required = true,
      paramLabel = "DIR",
      description = "staging model repository to write <model>/<version>/ into")
  Path repository;

  @Option(
      names = "--test-from",
      required = true,
      paramLabel = "YYYY-MM-DD",
      description = "rows predicted from this day on are held out for the metrics")
  LocalDate testFrom;

  @Override
  int run(FeatureRepository repository, PrintWriter out) throws Exception {
    if (!model.equals(FlightDelayPublisher.MODEL)) {
      throw new IllegalArgumentException(
          "--model " + model + ": only " + FlightDelayPublisher.MODEL + " has a trainer");
    }
    Model definition =
        repository
            .model(model)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no model '" + model + "' in " + repository.root()));
    String set = trainingSet != null ? trainingSet : model;
    CatalogConfig catalogConfig = catalog.config();
    Instant started = Instant.now();
    Trained trained = train(catalogConfig.open(), definition, set, this.repository, testFrom, out);
    lineage
        .recorder(catalogConfig, null)
        .record(
            JobLineage.modelVersions(
                definition,
                TrainingColumns.NAMESPACE + "." + set,
                trained.snapshotId(),
                this.repository,
                trained.versions().stream().map(FlightDelayPublisher.Version::version).toList(),
                started));
    return 0;
  }

  /**
   * Reads the training table, trains and writes every version, and prints one line per version; the
   * demo trains through here too.
   */
  static Trained train(
      Catalog catalog,
      Model model,
      String trainingSet,
      Path staging,
      LocalDate testFrom,
      PrintWriter out)
      throws Exception {
    TrainingRows rows = TrainingTableRows.read(catalog, model, trainingSet);
    List<FlightDelayPublisher.Version> versions =
        FlightDelayPublisher.publish(model, rows, staging, testFrom);
    long snapshot = (Long) rows.lineage().get("training_snapshot_id");
    for (FlightDelayPublisher.Version v : versions) {
      out.printf(
          Locale.ROOT,
          "   %s version %d (%s) from %,d rows of %s@%d: held-out AUC %.3f, log loss %.3f%n",
          model.name(),
          v.version(),
          v.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '),
          rows.labels().length,
          rows.lineage().get("training_table"),
          snapshot,
          v.metrics().get("auc_late"),
          v.metrics().get("log_loss"));
    }
    out.flush();
    return new Trained(snapshot, rows.labels().length, versions);
  }

  /** What a training run produced: the snapshot it read, its row count, the versions. */
  record Trained(long snapshotId, int rows, List<FlightDelayPublisher.Version> versions) {}
}
