package dev.tributary.triton.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trace settings of the TraceSetting call, server-wide and per model, with Triton's defaults,
 * checks and messages. The local server writes no traces: it keeps the settings so that a client or
 * an operator script written against Triton runs unchanged. A model's settings fall back to the
 * server-wide ones until set; a setting sent with no values goes back to that fallback.
 */
final class TraceSettings {

  private static final Map<String, List<String>> DEFAULTS =
      Map.of(
          "trace_level", List.of("OFF"),
          "trace_rate", List.of("1000"),
          "trace_count", List.of("-1"),
          "log_frequency", List.of("0"),
          "trace_file", List.of(""),
          "trace_mode", List.of("triton"));
  private static final List<String> SETTABLE =
      List.of("trace_level", "trace_rate", "trace_count", "log_frequency");
  private static final List<String> REPORTED =
      List.of(
          "trace_level", "trace_rate", "trace_count", "log_frequency", "trace_file", "trace_mode");
  private static final Set<String> LEVELS = Set.of("OFF", "TIMESTAMPS", "TENSORS");

  private final Map<String, List<String>> server = new LinkedHashMap<>();
  private final Map<String, Map<String, List<String>>> models = new LinkedHashMap<>();

  /**
   * Applies {@code updates} (all or none) to the model's settings, or the server's when {@code
   * model} is empty, and returns the settings in force afterwards.
   */
  synchronized Map<String, List<String>> update(String model, Map<String, List<String>> updates) {
    updates.forEach(TraceSettings::check);
    Map<String, List<String>> target =
        model.isEmpty() ? server : models.computeIfAbsent(model, m -> new LinkedHashMap<>());
    updates.forEach(
        (name, values) -> {
          if (values.isEmpty()) {
            target.remove(name);
          } else {
            target.put(name, List.copyOf(values));
          }
        });
    Map<String, List<String>> current = new LinkedHashMap<>();
    Map<String, List<String>> own = models.getOrDefault(model, Map.of());
    for (String name : REPORTED) {
      current.put(name, own.getOrDefault(name, server.getOrDefault(name, DEFAULTS.get(name))));
    }
    return current;
  }

  private static void check(String name, List<String> values) {
    if (name.equals("trace_file")) {
      throw InferenceError.unimplemented(
          "trace file location can not be updated through network protocol");
    }
    if (!SETTABLE.contains(name)) {
      throw InferenceError.invalidArgument(
          "unknown trace setting '" + name + "'; the settable ones are " + SETTABLE);
    }
    if (values.isEmpty()) {
      return;
    }
    if (name.equals("trace_level")) {
      if (values.contains("OFF") && values.size() > 1) {
        throw InferenceError.invalidArgument("Expect only one trace level 'OFF' is specified");
      }
      for (String level : values) {
        if (!LEVELS.contains(level)) {
          throw InferenceError.invalidArgument(
              "unknown trace level '" + level + "'; use OFF, TIMESTAMPS or TENSORS");
        }
      }
      return;
    }
    if (values.size() > 1) {
      throw InferenceError.invalidArgument("expect only 1 value for '" + name + "'");
    }
    long min = name.equals("trace_count") ? -1 : 0;
    long max = name.equals("trace_count") ? Integer.MAX_VALUE : 0xFFFF_FFFFL;
    long value;
    try {
      value = Long.parseLong(values.get(0));
    } catch (NumberFormatException e) {
      throw InferenceError.invalidArgument("Unable to parse '" + name + "', got: " + values.get(0));
    }
    if (value < min || value > max) {
      throw InferenceError.invalidArgument(
          "Unable to parse '"
              + name
              + "', value is out of range [ "
              + min
              + ", "
              + max
              + " ], got: "
              + values.get(0));
    }
  }
}
