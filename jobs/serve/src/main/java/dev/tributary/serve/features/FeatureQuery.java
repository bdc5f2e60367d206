package dev.tributary.serve.features;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureView;
import java.util.ArrayList;
import java.util.List;

/**
 * A resolved feature request: which features, of which views, for which entity rows.
 *
 * @param features in the order the response gives them
 * @param keys per view of {@link #views()}, the entity key values of each row
 */
public record FeatureQuery(
    List<FeatureRef> features, List<FeatureView> views, List<List<List<Object>>> keys, int rows) {

  public FeatureQuery {
    features = List.copyOf(features);
    views = List.copyOf(views);
    keys = List.copyOf(keys);
  }

  /** The views of {@code features} in order of first use. */
  static List<FeatureView> viewsOf(List<FeatureRef> features) {
    List<FeatureView> views = new ArrayList<>();
    for (FeatureRef feature : features) {
      if (!views.contains(feature.view())) {
        views.add(feature.view());
      }
    }
    return views;
  }
}
