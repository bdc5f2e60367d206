package dev.tributary.core.defs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Typed access to one YAML mapping of a definition file that remembers where everything was
 * written.
 *
 * <p>Every getter reports a missing or malformed field to {@link Problems} with the file, line and
 * column, and returns null instead of throwing, so one load reports all problems. Keys that were
 * never asked for are reported by {@link #rejectUnknownKeys()}: a typo such as {@code windw} must
 * not be silently ignored, because it would quietly turn a 1-hour feature into a lifetime one.
 */
final class YamlMapping {
  private final Path file;
  private final MappingNode node;
  private final String what;
  private final Problems problems;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Set<String> read = new TreeSet<>();

  private YamlMapping(Path file, MappingNode node, String what, Problems problems) {
    this.file = file;
    this.node = node;
    this.what = what;
    this.problems = problems;
    for (NodeTuple tuple : node.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode)) {
        problems.add(at(tuple.getKeyNode()), "keys of " + what + " must be plain names");
        continue;
      }
      String key = ((ScalarNode) tuple.getKeyNode()).getValue();
      if (entries.containsKey(key)) {
        problems.add(
            at(tuple.getKeyNode()),
            "duplicate key '"
                + key
                + "' in "
                + what
                + " (first at line "
                + at(entries.get(key).getKeyNode()).line()
                + "): keep one");
      } else {
        entries.put(key, tuple);
      }
    }
  }

  /**
   * Wraps {@code node} when it is a mapping; otherwise reports what was expected and returns null.
   */
  static YamlMapping of(Path file, Node node, String what, Problems problems) {
    if (node instanceof MappingNode) {
      return new YamlMapping(file, (MappingNode) node, what, problems);
    }
    problems.add(location(file, node), what + " must be a mapping of 'key: value' lines");
    return null;
  }

  static SourceLocation location(Path file, Node node) {
    return new SourceLocation(
        file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
  }

  Path file() {
    return file;
  }

  String what() {
    return what;
  }

  Problems problems() {
    return problems;
  }

  SourceLocation location() {
    return at(node);
  }

  SourceLocation at(Node target) {
    return location(file, target);
  }

  boolean has(String key) {
    return entries.containsKey(key);
  }

  /** The value node of {@code key}, marking the key as understood; null when absent. */
  Node value(String key) {
    read.add(key);
    NodeTuple tuple = entries.get(key);
    return tuple == null ? null : tuple.getValueNode();
  }

  /** A required scalar, located at its first character (inside the quotes, for quoted text). */
  Located<String> requiredScalar(String key, String hint) {
    Located<String> value = optionalScalar(key);
    if (value == null && !has(key)) {
      problems.add(location(), what + " is missing '" + key + "': " + hint);
    }
    return value;
  }

  /** An optional scalar; null when absent or not a scalar (the latter is reported). */
  Located<String> optionalScalar(String key) {
    Node value = value(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof ScalarNode)) {
      problems.add(
          at(value), "'" + key + "' of " + what + " must be a single value, not a list or mapping");
      return null;
    }
    return scalar((ScalarNode) value);
  }

  Located<String> scalar(ScalarNode scalar) {
    SourceLocation at = at(scalar);
    DumperOptions.ScalarStyle style = scalar.getScalarStyle();
    boolean quoted =
        style == DumperOptions.ScalarStyle.SINGLE_QUOTED
            || style == DumperOptions.ScalarStyle.DOUBLE_QUOTED;
    return new Located<>(scalar.getValue(), quoted ? at.shiftedBy(1) : at);
  }

  Duration optionalDuration(String key, Duration absent) {
    Located<String> text = optionalScalar(key);
    if (text == null) {
      return absent;
    }
    Duration duration = Durations.parse(text.value());
    if (duration == null) {
      problems.add(
          text.at(),
          "'"
              + key
              + "' of "
              + what
              + " is '"
              + text.value()
              + "', not a duration: write a whole number and a unit, e.g. 250ms, 30s, 5m, 1h, 7d");
    }
    return duration;
  }

  Boolean optionalBoolean(String key, boolean absent) {
    Located<String> text = optionalScalar(key);
    if (text == null) {
      return absent;
    }
    if (text.value().equals("true") || text.value().equals("false")) {
      return Boolean.parseBoolean(text.value());
    }
    problems.add(
        text.at(),
        "'" + key + "' of " + what + " must be true or false, not '" + text.value() + "'");
    return null;
  }

  Long optionalLong(String key) {
    Located<String> text = optionalScalar(key);
    if (text == null) {
      return null;
    }
    try {
      return Long.parseLong(text.value());
    } catch (NumberFormatException notANumber) {
      problems.add(
          text.at(),
          "'" + key + "' of " + what + " must be a whole number, not '" + text.value() + "'");
      return null;
    }
  }

  Double optionalDouble(String key) {
    Located<String> text = optionalScalar(key);
    if (text == null) {
      return null;
    }
    try {
      return Double.parseDouble(text.value());
    } catch (NumberFormatException notANumber) {
      problems.add(
          text.at(), "'" + key + "' of " + what + " must be a number, not '" + text.value() + "'");
      return null;
    }
  }

  /** A nested mapping; null when absent (reported when required) or not a mapping (reported). */
  YamlMapping mapping(String key, String nestedWhat, boolean required) {
    Node value = value(key);
    if (value == null) {
      if (required) {
        problems.add(location(), what + " is missing '" + key + "'");
      }
      return null;
    }
    return of(file, value, nestedWhat, problems);
  }

  /** The items of a list of mappings; empty when absent. */
  List<YamlMapping> mappings(String key, String itemWhat) {
    List<YamlMapping> items = new ArrayList<>();
    for (Node item : sequence(key)) {
      YamlMapping mapping = of(file, item, itemWhat, problems);
      if (mapping != null) {
        items.add(mapping);
      }
    }
    return items;
  }

  /** The items of a list of scalars; empty when absent. */
  List<Located<String>> scalars(String key) {
    List<Located<String>> items = new ArrayList<>();
    for (Node item : sequence(key)) {
      if (item instanceof ScalarNode) {
        items.add(scalar((ScalarNode) item));
      } else {
        problems.add(at(item), "items of '" + key + "' in " + what + " must be single values");
      }
    }
    return items;
  }

  private List<Node> sequence(String key) {
    Node value = value(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof SequenceNode)) {
      problems.add(at(value), "'" + key + "' of " + what + " must be a list ('- ' items)");
      return List.of();
    }
    return ((SequenceNode) value).getValue();
  }

  /** The {@code name: value} pairs of this mapping, in written order, for schemas and weights. */
  List<Map.Entry<Located<String>, Located<String>>> scalarPairs() {
    List<Map.Entry<Located<String>, Located<String>>> pairs = new ArrayList<>();
    for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
      read.add(entry.getKey());
      Node value = entry.getValue().getValueNode();
      Located<String> name = scalar((ScalarNode) entry.getValue().getKeyNode());
      if (value instanceof ScalarNode) {
        pairs.add(Map.entry(name, scalar((ScalarNode) value)));
      } else {
        problems.add(
            at(value), "'" + entry.getKey() + "' in " + what + " must have a single value");
      }
    }
    return pairs;
  }

  /** Reports every key that no getter asked for, with the closest known key as a suggestion. */
  void rejectUnknownKeys() {
    for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
      if (!read.contains(entry.getKey())) {
        String suggestion = ClosestName.among(entry.getKey(), read);
        problems.add(
            at(entry.getValue().getKeyNode()),
            "unknown key '"
                + entry.getKey()
                + "' in "
                + what
                + (suggestion == null ? "" : ": did you mean '" + suggestion + "'?")
                + " Known keys: "
                + String.join(", ", read));
      }
    }
  }
}
