package dev.tributary.core.config;

import dev.tributary.core.defs.SourceLocation;

/**
 * One resolved value of the configuration file and where it was written. A secret's {@link
 * #toString()} shows only its references, so printing the configuration never prints a secret.
 *
 * @param value the value, references resolved
 * @param written the value as written in the file (only references for a secret)
 * @param secret whether it must never be shown
 * @param at where it was written
 */
public record ConfigValue(String value, String written, boolean secret, SourceLocation at) {

  /** What may be shown of it: the value, or for a secret where it comes from. */
  public String shown() {
    return secret ? "*** (" + SecretReferences.describe(written) + ")" : value;
  }

  @Override
  public String toString() {
    return shown();
  }
}
