package dev.tributary.core.config;

/**
 * One key of the configuration file: its dotted name, the kind of value it takes, its default (null
 * when it has none) and what it is for. A name ending in {@code .*} is a prefix: every key under it
 * is passed through to the client it names (Kafka, the Iceberg catalog, Flink).
 */
public record ConfigKey(String name, Kind kind, String defaultValue, String description) {

  /** What a key's value must look like. */
  public enum Kind {
    TEXT,
    /** Text that must be a {@code ${env:..}} or {@code ${file:..}} reference, never a literal. */
    SECRET,
    INTEGER,
    BOOLEAN,
    /** A whole number and a unit: {@code 250ms 30s 5m 1h 7d}. */
    DURATION,
    /** A YAML list of values, or one comma-separated value. */
    LIST,
    /** Any key under the prefix, passed through; secret when its name says so ({@link #secret}). */
    PROPERTIES
  }

  /** Whether {@code key} is this key, or lies under this prefix. */
  public boolean covers(String key) {
    return kind == Kind.PROPERTIES
        ? key.startsWith(prefix()) && key.length() > prefix().length()
        : key.equals(name);
  }

  /** For a prefix key {@code kafka.properties.*}: {@code kafka.properties.} */
  public String prefix() {
    return name.endsWith(".*") ? name.substring(0, name.length() - 1) : name + ".";
  }

  /**
   * Whether the value of {@code key} (this key or one under it) is a secret that must be given as a
   * reference and is never shown: passwords, tokens, JAAS configurations, private key contents.
   * Names are matched the way Kafka and Iceberg name such properties.
   */
  public boolean secret(String key) {
    if (kind == Kind.SECRET) {
      return true;
    }
    if (kind != Kind.PROPERTIES) {
      return false;
    }
    String lower = key.toLowerCase(java.util.Locale.ROOT);
    return lower.contains("password")
        || lower.contains("secret")
        || lower.contains("jaas")
        || lower.contains("token")
        || lower.contains("credential")
        || lower.endsWith("keystore.key")
        || lower.endsWith("access-key-id");
  }
}
