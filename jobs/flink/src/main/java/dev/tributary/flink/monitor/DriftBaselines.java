package dev.tributary.flink.monitor;

import dev.tributary.core.defs.Model;
import dev.tributary.core.monitor.serving.DriftFeatures;
import dev.tributary.flink.iceberg.BaselineTable;
import dev.tributary.flink.iceberg.TrainingColumns;
import java.util.List;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Loads, when the job is built, the training baseline a model's inputs drift against: {@code
 * training.<name>__stats} of the training set named in the settings, or else of the one named after
 * the model when it exists.
 */
final class DriftBaselines {
  private DriftBaselines() {}

  /**
   * @param notes told why drift is off, or which inputs have no baseline
   */
  static DriftFeatures load(
      Model model, MonitorSettings settings, java.util.function.Consumer<String> notes) {
    String trainingSet =
        settings.baselineOrNull() == null ? model.name() : settings.baselineOrNull();
    Catalog catalog = settings.catalog().open();
    TableIdentifier stats =
        TableIdentifier.of(TrainingColumns.NAMESPACE, BaselineTable.name(trainingSet));
    if (!catalog.tableExists(stats)) {
      if (settings.baselineOrNull() != null) {
        throw new IllegalArgumentException(
            "no baseline statistics "
                + stats
                + " for the drift of model '"
                + model.name()
                + "': run `tributary training-set --model "
                + model.name()
                + " --name "
                + trainingSet
                + "` first, or name another training set");
      }
      notes.accept(
          "monitor: no "
              + stats
              + ", so no drift for model '"
              + model.name()
              + "' (make it with `tributary training-set --model "
              + model.name()
              + "`)");
      return DriftFeatures.none();
    }
    List<String> columns = model.inputs().stream().map(TrainingColumns::columnOf).toList();
    DriftFeatures features = DriftFeatures.of(columns, BaselineTable.read(catalog, trainingSet));
    if (!features.unmeasured().isEmpty()) {
      notes.accept(
          "monitor: " + stats + " has no statistics of " + features.unmeasured() + ": no drift");
    }
    return features;
  }
}
