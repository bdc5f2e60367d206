package dev.tributary.flink.lineage;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.FileInput;
import dev.tributary.core.defs.Model;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.defs.Source;
import dev.tributary.core.lineage.LineageNode;
import dev.tributary.core.lineage.LineageRun;
import dev.tributary.core.plan.HistoryTables;
import dev.tributary.core.plan.MonitoringTables;
import dev.tributary.core.plan.PlannedTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Each job's lineage, built once it has run, from what it read and the snapshots it left:
 *
 * <pre>
 *  file (size, modified) | topic (offsets) | table@snapshot
 *    -> view@version -> features.view__version@snapshot          backfill, materialize
 *    -> training.model@snapshot                                     training-set
 *    -> model:model/version -> path:repository/model/version        models (metadata.json)
 *    -> monitoring.predictions@snapshot                             score
 *    -> monitoring.&lt;metrics&gt;@snapshot                                monitor
 * </pre>
 */
public final class JobLineage {
  private JobLineage() {}

  /**
   * A backfill of {@code views}: each read its source's files (or {@code files} given instead) or
   * Iceberg table at its current snapshot, and wrote its history table.
   */
  public static LineageRun backfill(
      List<FeatureView> views,
      Map<String, FileInput> files,
      Map<String, String> tables,
      Catalog catalog,
      Instant started) {
    LineageRun run = new LineageRun("backfill", started);
    for (FeatureView view : views) {
      Source source = view.source();
      LineageNode version = view(view);
      String table = tables.getOrDefault(source.name(), source.table().orElse(null));
      FileInput input = files.getOrDefault(source.name(), source.files().orElse(null));
      if (input != null && !tables.containsKey(source.name())) {
        files(input.path()).forEach(file -> run.link(file, version));
      } else if (table != null) {
        run.link(table(catalog, table), version);
      }
      history(run, view, catalog);
    }
    return run;
  }

  /** The streaming job's run so far: each topic up to its offsets, into its views' tables. */
  public static LineageRun materialize(
      List<FeatureView> views, Map<String, String> topicOffsets, Catalog catalog, Instant started) {
    LineageRun run = new LineageRun("materialize", started);
    for (FeatureView view : views) {
      String topic = view.source().topic().orElseThrow();
      run.link(
          new LineageNode(LineageNode.TOPIC, topic, "", topicOffsets.getOrDefault(topic, "")),
          view(view));
      history(run, view, catalog);
      if (view.online()) {
        run.link(view(view), LineageNode.of(LineageNode.REDIS, view.versionedName()));
      }
    }
    return run;
  }

  /** The training set of {@code model}: its views' history tables as read, into its table. */
  public static LineageRun trainingSet(
      Model model, String trainingTable, Catalog catalog, Instant started) {
    return trainingSet(views(model), trainingTable, catalog, started);
  }

  /** A training set over {@code views}: their history tables as read, into its table. */
  public static LineageRun trainingSet(
      List<FeatureView> views, String trainingTable, Catalog catalog, Instant started) {
    LineageRun run = new LineageRun("training-set", started);
    LineageNode training = table(catalog, trainingTable);
    for (FeatureView view : views) {
      run.link(table(catalog, HistoryTables.NAMESPACE + "." + view.versionedName()), training);
    }
    return run;
  }

  /**
   * Versions of {@code model} trained on {@code trainingTable@trainingSnapshot} from its inputs'
   * view versions (what their metadata.json records), in {@code repository}: the staging repository
   * {@code models train} wrote, or the serving one the demo published to.
   */
  public static LineageRun modelVersions(
      Model model,
      String trainingTable,
      long trainingSnapshot,
      Path repository,
      Collection<Long> versions,
      Instant started) {
    LineageRun run = new LineageRun("models", started);
    for (long version : versions) {
      LineageNode node = model(model, version);
      run.link(LineageNode.table(trainingTable, trainingSnapshot), node);
      views(model).forEach(view -> run.link(view(view), node));
      run.link(node, folder(model, repository.toString(), version));
    }
    return run;
  }

  /**
   * A score run of {@code scoring}: each version of its split, from its folder in the model's
   * repository, and the online values of the view versions its model reads, into the prediction
   * table. The version itself is an input too, so a folder published by a copy ({@code models
   * publish}) still leads back to the training run that made it.
   */
  public static LineageRun score(Scoring scoring, Catalog catalog, Instant started) {
    Model model = scoring.model();
    LineageRun run = new LineageRun("score", started);
    LineageNode predictions = table(catalog, "monitoring.predictions");
    for (long version : new TreeSet<>(scoring.trafficSplit().keySet())) {
      model.repository().ifPresent(r -> run.link(folder(model, r, version), predictions));
      run.link(model(model, version), predictions);
    }
    for (FeatureView view : views(model)) {
      run.link(LineageNode.of(LineageNode.REDIS, view.versionedName()), predictions);
    }
    return run;
  }

  /** A monitor run: the prediction table as read, into each monitoring table it wrote. */
  public static LineageRun monitor(Catalog catalog, Instant started) {
    LineageRun run = new LineageRun("monitor", started);
    LineageNode predictions = table(catalog, "monitoring.predictions");
    for (PlannedTable metrics :
        List.of(
            MonitoringTables.labeledPredictions(),
            MonitoringTables.modelMetrics(),
            MonitoringTables.drift(),
            MonitoringTables.latency(),
            MonitoringTables.errors(),
            MonitoringTables.abTests(),
            MonitoringTables.alerts())) {
      if (catalog.tableExists(TableIdentifier.parse(metrics.qualifiedName()))) {
        run.link(predictions, table(catalog, metrics.qualifiedName()));
      }
    }
    return run;
  }

  private static LineageNode model(Model model, long version) {
    return LineageNode.of(LineageNode.MODEL, model.name() + "/" + version);
  }

  /** A version's folder: an absolute local path, or under a repository URI (s3a://...). */
  private static LineageNode folder(Model model, String repository, long version) {
    String folder =
        repository.contains("://")
            ? repository.replaceAll("/+$", "") + "/" + model.tritonModel() + "/" + version
            : Path.of(repository)
                .resolve(model.tritonModel())
                .resolve(Long.toString(version))
                .toAbsolutePath()
                .normalize()
                .toString();
    return LineageNode.of(LineageNode.PATH, folder);
  }

  private static void history(LineageRun run, FeatureView view, Catalog catalog) {
    if (view.offline()) {
      run.link(view(view), table(catalog, HistoryTables.NAMESPACE + "." + view.versionedName()));
    }
  }

  private static LineageNode view(FeatureView view) {
    return LineageNode.of(LineageNode.VIEW, view.name() + "@" + view.version());
  }

  private static List<FeatureView> views(Model model) {
    return model.inputs().stream().map(FeatureRef::view).distinct().toList();
  }

  /** A table at its current snapshot; without one when it has none yet. */
  static LineageNode table(Catalog catalog, String qualifiedName) {
    TableIdentifier id = TableIdentifier.parse(qualifiedName);
    Snapshot snapshot = catalog.tableExists(id) ? catalog.loadTable(id).currentSnapshot() : null;
    return snapshot == null
        ? LineageNode.of(LineageNode.TABLE, qualifiedName)
        : LineageNode.table(qualifiedName, snapshot.snapshotId());
  }

  /** The file, or every file under the folder, with its size and modification time. */
  private static List<LineageNode> files(Path location) {
    List<LineageNode> nodes = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(location)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        nodes.add(
            new LineageNode(
                LineageNode.FILE,
                file.toAbsolutePath().normalize().toString(),
                "",
                "size="
                    + Files.size(file)
                    + ", modified="
                    + Files.getLastModifiedTime(file).toInstant()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + location + ": " + e.getMessage(), e);
    }
    return nodes;
  }
}
