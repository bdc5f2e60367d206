package dev.tributary.core.registry;

import java.util.List;

/**
 * One difference between the registry and the definitions, with what it does to the deployment.
 *
 * @param subject what changed: {@code entity}, {@code source}, {@code view}, {@code model}, {@code
 *     scoring} or {@code topic}
 * @param what one line: which one and how it changed
 * @param effects what it does to tables, Redis keys, topics and running jobs, one line each
 * @param breaking whether something deployed stops working as it did (a key type changed, a feature
 *     a model uses removed or changed, a source column gone)
 * @param at the cause, {@code file:line:column} relative to the definitions folder
 */
public record RegistryChange(
    String subject, Kind kind, String what, List<String> effects, boolean breaking, String at) {

  /** Whether the definitions add, change or remove the subject. */
  public enum Kind {
    ADDED("+"),
    CHANGED("~"),
    REMOVED("-");

    private final String mark;

    Kind(String mark) {
      this.mark = mark;
    }

    /** How a plan marks it, as diff does. */
    public String mark() {
      return mark;
    }
  }

  public RegistryChange {
    effects = List.copyOf(effects);
  }

  /** One line: mark, what, and for a breaking change, that it breaks and where. */
  public String line() {
    return kind.mark() + " " + what + (breaking ? "  BREAKING (" + at + ")" : "");
  }
}
