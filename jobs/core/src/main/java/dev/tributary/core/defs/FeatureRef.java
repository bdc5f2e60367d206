package dev.tributary.core.defs;

import dev.tributary.core.agg.Aggregation;
import dev.tributary.core.types.ValueType;
import java.io.Serializable;

/** A feature named as {@code view.feature}, e.g. a model input. */
public record FeatureRef(FeatureView view, Feature feature) implements Serializable {

  public String qualifiedName() {
    return view.name() + "." + feature.name();
  }

  /**
   * Whether this feature can be a model input: a model's input tensor holds numbers (booleans and
   * timestamps as numbers), so not a string and not a {@code last_n} list.
   */
  public boolean isNumeric() {
    return feature.aggregation() != Aggregation.LAST_N && feature.resultType() != ValueType.STRING;
  }
}
