package dev.tributary.core.registry;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.Model;
import dev.tributary.core.defs.ModelVersionFolder;
import dev.tributary.core.defs.Scoring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A model reads the view versions it was trained on, not the definitions' newest: when a view
 * changes, the model's served versions keep their inputs' meaning until it is retrained, and the
 * earlier view version keeps being written beside the new one ({@code LiveVersions}) for it.
 */
public final class TrainedViews {
  private TrainedViews() {}

  /**
   * {@code live} as the score job and {@code tributary serve} read it: each model bound to the view
   * versions its served versions (every version a scoring of it splits traffic over) were trained
   * on, as their {@code metadata.json} in the model's local repository says, and each scoring
   * reading its model so bound. A version without metadata, or a repository that is not a local
   * folder, binds nothing: its inputs keep the definitions' view versions.
   *
   * @param live every view version being written ({@code LiveVersions}), with the definitions'
   *     models and scorings
   * @throws IllegalArgumentException as {@link #bind(Model, List, Map)}
   */
  public static FeatureRepository served(FeatureRepository live) throws IOException {
    Map<String, Model> models = new LinkedHashMap<>();
    for (Model model : live.models()) {
      TreeSet<Long> versions = new TreeSet<>();
      live.scorings().stream()
          .filter(s -> s.model().name().equals(model.name()))
          .forEach(s -> versions.addAll(s.trafficSplit().keySet()));
      models.put(model.name(), bind(model, live.views(), trainedOn(model, versions)));
    }
    List<Scoring> scorings =
        live.scorings().stream().map(s -> s.withModel(models.get(s.model().name()))).toList();
    return new FeatureRepository(
        live.root(),
        live.entities(),
        live.sources(),
        live.views(),
        List.copyOf(models.values()),
        scorings);
  }

  /** Per version of {@code model} that has a metadata.json, the view versions it names. */
  private static Map<Long, Map<String, String>> trainedOn(Model model, Set<Long> versions)
      throws IOException {
    Optional<Path> repository = model.repository().filter(r -> !r.contains("://")).map(Path::of);
    Map<Long, Map<String, String>> trainedOn = new TreeMap<>();
    if (repository.isEmpty()) {
      return trainedOn;
    }
    for (long version : versions) {
      Path folder = repository.get().resolve(model.tritonModel()).resolve(Long.toString(version));
      if (Files.isRegularFile(folder.resolve("metadata.json"))) {
        trainedOn.put(
            version,
            ModelVersionFolder.read(repository.get(), model.tritonModel(), version).viewVersions());
      }
    }
    return trainedOn;
  }

  /**
   * {@code model} with each input bound to the view version its served versions were trained on.
   *
   * @param live every view version being written, the definitions' and the earlier live ones
   * @param trainedOn per served model version, per view name, the versioned name ({@code
   *     view__version}) from its metadata; a view a version does not name keeps the definitions'
   * @throws IllegalArgumentException when served versions were trained on different versions of a
   *     view, or on one that is no longer written
   */
  public static Model bind(
      Model model, List<FeatureView> live, Map<Long, Map<String, String>> trainedOn) {
    Map<String, String> chosen = new TreeMap<>();
    Map<String, Long> chosenBy = new TreeMap<>();
    trainedOn.forEach(
        (version, views) ->
            views.forEach(
                (view, versioned) -> {
                  String earlier = chosen.putIfAbsent(view, versioned);
                  chosenBy.putIfAbsent(view, version);
                  if (earlier != null && !earlier.equals(versioned)) {
                    throw new IllegalArgumentException(
                        "versions "
                            + chosenBy.get(view)
                            + " and "
                            + version
                            + " of model "
                            + model.name()
                            + " were trained on different versions of view "
                            + view
                            + " ("
                            + earlier
                            + ", "
                            + versioned
                            + "): the score job and serve read one version of a view; retrain the older"
                            + " model version");
                  }
                }));
    List<FeatureRef> inputs = new ArrayList<>();
    for (FeatureRef input : model.inputs()) {
      String versioned = chosen.getOrDefault(input.view().name(), input.view().versionedName());
      FeatureView view =
          live.stream()
              .filter(v -> v.versionedName().equals(versioned))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "model "
                              + model.name()
                              + " was trained on "
                              + versioned
                              + ", which is not written any more (retired, or never applied):"
                              + " retrain it on "
                              + input.view().versionedName()));
      inputs.add(
          new FeatureRef(
              view,
              view.feature(input.feature().name())
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              versioned + " has no feature " + input.feature().name()))));
    }
    return model.withInputs(inputs);
  }
}
