package dev.tributary.core.registry;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model reads the view versions it was trained on, not the definitions' newest: when a view
 * changes, the model's served versions keep their inputs' meaning until it is retrained, and the
 * earlier view version keeps being written beside the new one ({@code LiveVersions}) for it.
 */
public final class TrainedViews {
  private TrainedViews() {}

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
                            + "): the score job reads one version of a view; retrain the older"
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
