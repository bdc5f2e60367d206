package dev.tributary.flink.monitor;

import dev.tributary.core.defs.Model;
import dev.tributary.core.monitor.serving.TrainingReference;
import dev.tributary.core.training.FeatureBaseline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Loads, when the job is built, what each version of a model is compared with ({@link
 * TrainingReference}): its held-out AUC for the {@code auc_drop} rule and its held-out score
 * distribution for score drift, from the {@code metadata.json} of every version in the model's
 * local {@code model_repository}. A remote repository (a URI) is not read: the job says so, and
 * then neither rule has a reference, as for a version trained before these were recorded.
 */
final class TrainingReferences {
  private final Map<String, TrainingReference> byVersion;

  private TrainingReferences(Map<String, TrainingReference> byVersion) {
    this.byVersion = byVersion;
  }

  /**
   * @param notes told which versions lack which reference
   */
  static TrainingReferences load(Model model, Consumer<String> notes) {
    String repository = model.repository().orElse(null);
    if (repository == null || repository.contains("://")) {
      notes.accept(
          "monitor: model '"
              + model.name()
              + "' has "
              + (repository == null ? "no model_repository" : "a remote model_repository")
              + ", so no training AUC (auc_drop) and no score drift");
      return new TrainingReferences(Map.of());
    }
    Map<String, TrainingReference> references;
    try {
      references = TrainingReference.readAll(Path.of(repository), model.tritonModel());
    } catch (IOException unreadable) {
      throw new IllegalArgumentException(unreadable.getMessage(), unreadable);
    }
    references.forEach(
        (version, reference) -> {
          if (reference.heldOutAuc() == null || reference.scoreBaseline() == null) {
            notes.accept(
                "monitor: version "
                    + version
                    + " of "
                    + model.name()
                    + " has no "
                    + (reference.heldOutAuc() == null ? "held-out AUC " : "")
                    + (reference.scoreBaseline() == null ? "score baseline " : "")
                    + "in its metadata.json: retrain it with `tributary models train` to"
                    + " monitor them");
          }
        });
    return new TrainingReferences(references);
  }

  /** Per version, its held-out AUC (versions without one are absent). */
  Map<String, Double> heldOutAuc() {
    Map<String, Double> auc = new TreeMap<>();
    byVersion.forEach(
        (version, reference) -> {
          if (reference.heldOutAuc() != null) {
            auc.put(version, reference.heldOutAuc());
          }
        });
    return auc;
  }

  /** Per version, its held-out score distribution (versions without one are absent). */
  Map<String, FeatureBaseline> scoreBaselines() {
    Map<String, FeatureBaseline> baselines = new TreeMap<>();
    byVersion.forEach(
        (version, reference) -> {
          if (reference.scoreBaseline() != null) {
            baselines.put(version, reference.scoreBaseline());
          }
        });
    return baselines;
  }
}
