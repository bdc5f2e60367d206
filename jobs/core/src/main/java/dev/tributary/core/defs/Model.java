package dev.tributary.core.defs;

import java.io.Serializable;
import java.util.List;

/**
 * A model served by Triton: its input signature as features in order, and its label.
 *
 * @param tritonModel the model's name in the Triton model repository
 * @param monitoring how the model is monitored (threshold, label wait, drift and alert rules)
 */
public record Model(
    String name,
    String description,
    String tritonModel,
    List<FeatureRef> inputs,
    Label label,
    SourceLocation at,
    ModelMonitoring monitoring)
    implements Serializable {

  public Model {
    inputs = List.copyOf(inputs);
  }
}
