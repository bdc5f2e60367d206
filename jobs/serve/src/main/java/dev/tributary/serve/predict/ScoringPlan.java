package dev.tributary.serve.predict;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.score.MissingPolicy;
import dev.tributary.core.score.ModelInputs;
import dev.tributary.core.score.ModelVersionFolder;
import dev.tributary.serve.ServeException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What serving one scoring needs, built once: the core's {@link ModelInputs} over the scoring's
 * request schema (the same assembly the score job runs), which view each input comes from, and each
 * version's training means for {@code missing: mean_from_training}, read on first use from the
 * version's {@code metadata.json}.
 */
final class ScoringPlan {
  final Scoring scoring;
  final ModelInputs inputs;
  final List<String> featureNames;
  final int[] viewOfInput;
  private final Map<Long, double[]> trainingMeans = new ConcurrentHashMap<>();

  ScoringPlan(Scoring scoring) {
    this.scoring = scoring;
    this.inputs = new ModelInputs(scoring.model(), scoring.requests().schema());
    List<FeatureRef> refs = scoring.model().inputs();
    this.featureNames = refs.stream().map(FeatureRef::qualifiedName).toList();
    this.viewOfInput = new int[refs.size()];
    for (int i = 0; i < refs.size(); i++) {
      viewOfInput[i] = inputs.views().indexOf(refs.get(i).view());
    }
  }

  /** The training means of {@code version}, or null when the policy does not use them. */
  double[] trainingMeans(long version) {
    if (scoring.model().missing() != MissingPolicy.MEAN_FROM_TRAINING) {
      return null;
    }
    return trainingMeans.computeIfAbsent(version, this::readMeans);
  }

  private double[] readMeans(long version) {
    String repository =
        scoring
            .model()
            .repository()
            .orElseThrow(
                () ->
                    new ServeException(
                        "model '"
                            + scoring.model().name()
                            + "' has missing: mean_from_training but no model_repository to read"
                            + " the training means from",
                        null));
    try {
      ModelVersionFolder folder =
          ModelVersionFolder.read(Path.of(repository), scoring.model().tritonModel(), version);
      if (!folder.features().equals(featureNames)) {
        throw new ServeException(
            folder.folder()
                + "/metadata.json lists inputs "
                + folder.features()
                + " but models.yaml lists "
                + featureNames
                + ": publish the version again from these definitions",
            null);
      }
      return folder.trainingMeans();
    } catch (IOException unreadable) {
      throw new ServeException(unreadable.getMessage(), unreadable);
    }
  }
}
