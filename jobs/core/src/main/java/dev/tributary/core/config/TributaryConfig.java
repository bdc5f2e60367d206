package dev.tributary.core.config;

import dev.tributary.core.defs.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The connections of {@code tributary.yaml}, checked and with references resolved ({@link
 * ConfigFileReader}). Getters return what the file says, or empty: defaults and command-line flags
 * are applied by the caller, which knows which flag overrides which key (flags win over the file,
 * the file over defaults).
 *
 * <p>Printing it never prints a secret: {@link #describe()} and {@link #toString()} show where a
 * secret comes from, not its value.
 */
public final class TributaryConfig {
  private static final TributaryConfig EMPTY =
      new TributaryConfig("(no configuration file)", Map.of());

  private final String source;
  private final Map<String, ConfigValue> values;

  TributaryConfig(String source, Map<String, ConfigValue> values) {
    this.source = source;
    this.values = Map.copyOf(values);
  }

  /** No file: every getter is empty. */
  public static TributaryConfig empty() {
    return EMPTY;
  }

  /** The file this came from, for messages. */
  public String source() {
    return source;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  public Optional<String> text(String key) {
    return Optional.ofNullable(values.get(key)).map(ConfigValue::value);
  }

  /** A key the reader checked as a whole number. */
  public Optional<Integer> integer(String key) {
    return text(key).map(Integer::parseInt);
  }

  /** A key the reader checked as true or false. */
  public Optional<Boolean> bool(String key) {
    return text(key).map(Boolean::parseBoolean);
  }

  /** A key the reader checked as a duration. */
  public Optional<Duration> duration(String key) {
    return text(key).map(Durations::parse);
  }

  /** A list key: its items, empty when unset. */
  public List<String> list(String key) {
    return text(key)
        .map(
            text ->
                Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  /**
   * The keys under {@code prefix} (e.g. {@code kafka.properties}) without it, in name order: the
   * properties a client is given.
   */
  public Map<String, String> properties(String prefix) {
    String start = prefix + ".";
    return values.entrySet().stream()
        .filter(entry -> entry.getKey().startsWith(start))
        .sorted(Map.Entry.comparingByKey())
        .collect(
            Collectors.toMap(
                entry -> entry.getKey().substring(start.length()),
                entry -> entry.getValue().value(),
                (a, b) -> a,
                LinkedHashMap::new));
  }

  /** Whether any key of the section (e.g. {@code redis}) is set. */
  public boolean hasSection(String section) {
    return values.keySet().stream().anyMatch(key -> key.startsWith(section + "."));
  }

  /** Every key with what may be shown of its value, in name order: secrets as their references. */
  public List<String> describe() {
    return values.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(entry -> entry.getKey() + " = " + entry.getValue().shown())
        .toList();
  }

  @Override
  public String toString() {
    return "TributaryConfig[" + source + ": " + String.join(", ", describe()) + "]";
  }
}
