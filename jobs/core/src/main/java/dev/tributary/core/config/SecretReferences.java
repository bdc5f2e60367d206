package dev.tributary.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${env:NAME}} and {@code ${file:PATH}} references inside a value, so secrets live
 * in the environment or in mounted files (Kubernetes and Docker secrets) instead of in the
 * configuration file or on the command line, where {@code ps} and shell history would show them.
 *
 * <p>A file's content is taken whole, less one trailing line break (secret files usually end with
 * one). References may sit inside a longer value, as a password inside {@code sasl.jaas.config}.
 * Messages name the reference, never what it resolves to.
 */
public final class SecretReferences {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}:]*):([^}]*)}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Function<String, String> environment;

  /** References resolved against {@code environment} (the process's: {@code System::getenv}). */
  public SecretReferences(Function<String, String> environment) {
    this.environment = environment;
  }

  /** Whether {@code value} holds at least one reference. */
  public static boolean hasReference(String value) {
    return REFERENCE.matcher(value).find();
  }

  /** The references of {@code value} without what they resolve to, e.g. {@code env:X}. */
  public static String describe(String value) {
    Matcher matcher = REFERENCE.matcher(value);
    StringBuilder references = new StringBuilder();
    while (matcher.find()) {
      references
          .append(references.length() == 0 ? "" : ", ")
          .append(matcher.group(1))
          .append(':')
          .append(matcher.group(2));
    }
    return references.toString();
  }

  /**
   * {@code value} with every reference replaced.
   *
   * @throws IllegalArgumentException saying which reference failed and what to do
   */
  public String resolve(String value) {
    Matcher matcher = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(
          out, Matcher.quoteReplacement(lookUp(matcher.group(1), matcher.group(2))));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private String lookUp(String scheme, String target) {
    switch (scheme) {
      case "env":
        if (!ENV_NAME.matcher(target).matches()) {
          throw new IllegalArgumentException(
              "${env:"
                  + target
                  + "} is not an environment variable name: use letters, digits and _");
        }
        String value = environment.apply(target);
        if (value == null) {
          throw new IllegalArgumentException(
              "${env:"
                  + target
                  + "}: the environment variable "
                  + target
                  + " is not set; export it before running tributary");
        }
        return value;
      case "file":
        try {
          return withoutTrailingLineBreak(
              Files.readString(Path.of(target), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException unreadable) {
          throw new IllegalArgumentException(
              "${file:"
                  + target
                  + "}: cannot read the file ("
                  + unreadable.getClass().getSimpleName()
                  + "); check the path and that this user may read it");
        }
      default:
        throw new IllegalArgumentException(
            "${" + scheme + ":...} is not a known reference: write ${env:NAME} or ${file:PATH}");
    }
  }

  private static String withoutTrailingLineBreak(String text) {
    if (text.endsWith("\r\n")) {
      return text.substring(0, text.length() - 2);
    }
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }
}
