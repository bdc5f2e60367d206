package dev.tributary.core.defs;

import java.io.Serializable;

/** A feature named as {@code view.feature}, e.g. a model input. */
public record FeatureRef(FeatureView view, Feature feature) implements Serializable {

  public String qualifiedName() {
    return view.name() + "." + feature.name();
  }
}
