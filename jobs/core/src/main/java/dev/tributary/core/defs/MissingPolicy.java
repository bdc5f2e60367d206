package dev.tributary.core.defs;

/**
 * What a model gets for an input feature that has no value (never computed, an empty window, or
 * past its view's TTL at the request time), declared per model as {@code missing:} in models.yaml.
 */
public enum MissingPolicy {
  /** 0 in place of the value. */
  ZERO("zero"),
  /** The feature's mean over the model version's training rows (its metadata.json). */
  MEAN_FROM_TRAINING("mean_from_training"),
  /** No prediction: the request goes to the dead letters with the names of the missing features. */
  REJECT("reject");

  private final String yamlName;

  MissingPolicy(String yamlName) {
    this.yamlName = yamlName;
  }

  public String yamlName() {
    return yamlName;
  }

  /** The policy written {@code name} in a definition file; null when there is none. */
  public static MissingPolicy fromYamlName(String name) {
    for (MissingPolicy policy : values()) {
      if (policy.yamlName.equals(name)) {
        return policy;
      }
    }
    return null;
  }
}
