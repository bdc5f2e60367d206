package dev.tributary.core.defs;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * A model served by Triton: its input signature as features in order, and its label.
 *
 * @param tritonModel the model's name in the Triton model repository
 * @param missing what the model gets for an input without a value
 * @param repositoryOrNull the Triton model repository that holds the model's versions ({@code
 *     model_repository}, a local path made absolute, or a URI such as {@code s3a://...}); null when
 *     not declared, and then split versions cannot be checked against it
 * @param monitoring how the model is monitored (threshold, label wait, drift and alert rules)
 */
public record Model(
    String name,
    String description,
    String tritonModel,
    List<FeatureRef> inputs,
    Label label,
    MissingPolicy missing,
    String repositoryOrNull,
    SourceLocation at,
    ModelMonitoring monitoring)
    implements Serializable {

  public Model {
    inputs = List.copyOf(inputs);
  }

  public Optional<String> repository() {
    return Optional.ofNullable(repositoryOrNull);
  }

  /** This model served from another Triton model repository (a staging or demo copy). */
  public Model withRepository(String repository) {
    return new Model(
        name, description, tritonModel, inputs, label, missing, repository, at, monitoring);
  }

  /** This model fed with other inputs (the same features of other view versions). */
  public Model withInputs(List<FeatureRef> otherInputs) {
    return new Model(
        name,
        description,
        tritonModel,
        otherInputs,
        label,
        missing,
        repositoryOrNull,
        at,
        monitoring);
  }
}
