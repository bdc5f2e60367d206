package dev.tributary.core.registry;

import java.util.List;

/**
 * A model and the features it reads.
 *
 * @param inputs its inputs in order, as {@code view.feature}
 * @param viewVersions the view versions those inputs were read from when it was applied, as {@code
 *     view@version}
 * @param repository its Triton model repository, empty when not declared
 */
public record RegisteredModel(
    String name,
    String tritonModel,
    List<String> inputs,
    List<String> viewVersions,
    String repository,
    String at) {
  public RegisteredModel {
    inputs = List.copyOf(inputs);
    viewVersions = List.copyOf(viewVersions);
  }
}
