package dev.tributary.serve.features;

import dev.tributary.core.defs.Feature;
import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.Model;
import dev.tributary.serve.BadRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A feature request as HTTP and gRPC both receive it: {@code view.feature} references or a model
 * name (whose inputs are the features), and the entity rows.
 *
 * @param features references, empty when a model is named
 * @param modelOrNull a model of models.yaml, or null when features are listed
 */
public record FeatureRequest(List<String> features, String modelOrNull, EntityColumns entities) {

  public FeatureRequest {
    features = List.copyOf(features);
  }

  /**
   * Resolves the references against the definitions and computes every view's keys per row.
   *
   * @throws BadRequestException naming an unknown view, feature or model, a missing key column, or
   *     a column no view uses
   */
  public FeatureQuery resolve(FeatureRepository repository) {
    boolean byModel = modelOrNull != null && !modelOrNull.isEmpty();
    if (byModel == !features.isEmpty()) {
      throw new BadRequestException(
          byModel
              ? "give either features or model, not both"
              : "features is missing: list view.feature references, or name a model to get its inputs");
    }
    List<FeatureRef> refs = byModel ? modelInputs(repository) : references(repository);
    List<FeatureView> views = FeatureQuery.viewsOf(refs);
    EntityKeys keys = new EntityKeys(entities, "entities");
    List<List<List<Object>>> perView = new ArrayList<>();
    for (FeatureView view : views) {
      perView.add(keys.of(view));
    }
    keys.checkAllUsed();
    return new FeatureQuery(refs, views, perView, entities.rows());
  }

  private List<FeatureRef> modelInputs(FeatureRepository repository) {
    Model model =
        repository
            .model(modelOrNull)
            .orElseThrow(
                () ->
                    new BadRequestException(
                        "model: no model '"
                            + modelOrNull
                            + "' in the definitions; known: "
                            + repository.models().stream()
                                .map(Model::name)
                                .collect(Collectors.joining(", "))));
    return model.inputs();
  }

  private List<FeatureRef> references(FeatureRepository repository) {
    List<FeatureRef> refs = new ArrayList<>(features.size());
    for (int i = 0; i < features.size(); i++) {
      refs.add(reference(repository, features.get(i), "features[" + i + "]"));
    }
    return refs;
  }

  private static FeatureRef reference(FeatureRepository repository, String text, String field) {
    int dot = text == null ? -1 : text.indexOf('.');
    if (dot <= 0 || dot == text.length() - 1) {
      throw new BadRequestException(
          field
              + ": \""
              + text
              + "\" is not a view.feature reference, e.g. origin_delays.flights_1h");
    }
    String viewName = text.substring(0, dot);
    String featureName = text.substring(dot + 1);
    FeatureView view =
        repository
            .view(viewName)
            .orElseThrow(
                () ->
                    new BadRequestException(
                        field
                            + ": no view '"
                            + viewName
                            + "' in the definitions; known: "
                            + repository.views().stream()
                                .map(FeatureView::name)
                                .collect(Collectors.joining(", "))));
    if (!view.online()) {
      throw new BadRequestException(
          field
              + ": view '"
              + viewName
              + "' is not materialized online (online: false in its definition)");
    }
    Feature feature =
        view.feature(featureName)
            .orElseThrow(
                () ->
                    new BadRequestException(
                        field
                            + ": view '"
                            + viewName
                            + "' has no feature '"
                            + featureName
                            + "'; it has: "
                            + view.features().stream()
                                .map(Feature::name)
                                .collect(Collectors.joining(", "))));
    return new FeatureRef(view, feature);
  }
}
