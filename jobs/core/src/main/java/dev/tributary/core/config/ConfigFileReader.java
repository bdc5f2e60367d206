package dev.tributary.core.config;

import dev.tributary.core.config.ConfigKey.Kind;
import dev.tributary.core.defs.ClosestName;
import dev.tributary.core.defs.DefinitionProblem;
import dev.tributary.core.defs.Durations;
import dev.tributary.core.defs.SourceLocation;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code tributary.yaml}: nested mappings flattened into dotted keys ({@code redis: {tls:
 * {enabled: true}}} is {@code redis.tls.enabled}; a key may also be written dotted), each checked
 * against {@link ConfigKeys}, references resolved ({@link SecretReferences}).
 *
 * <p>Like the definitions loader it collects every problem, each as {@code file:line:column: what
 * is wrong, what to do}, and fails with all of them at once. A secret key written as a literal is
 * an error (a password in a file that is checked in or shared is a leak), and no message ever
 * repeats a secret key's value.
 */
public final class ConfigFileReader {
  private final Path file;
  private final SecretReferences references;
  private final List<DefinitionProblem> problems = new ArrayList<>();
  private final Map<String, ConfigValue> values = new LinkedHashMap<>();

  private ConfigFileReader(Path file, Function<String, String> environment) {
    this.file = file;
    this.references = new SecretReferences(environment);
  }

  /** Reads the file with references resolved against the process's environment. */
  public static TributaryConfig read(Path file) {
    return read(file, System::getenv);
  }

  /**
   * Reads the file with references resolved against {@code environment}.
   *
   * @throws InvalidConfigException with every problem found
   */
  public static TributaryConfig read(Path file, Function<String, String> environment) {
    return new ConfigFileReader(file, environment).read();
  }

  private TributaryConfig read() {
    Node root = parse();
    if (root instanceof MappingNode) {
      flatten("", (MappingNode) root);
    } else if (root != null) {
      problem(
          root, "the file must be a mapping of sections (kafka, redis, catalog, triton, flink)");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return new TributaryConfig(file.toString(), values);
  }

  private Node parse() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // reported below with both lines
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return new Yaml(options).compose(reader);
    } catch (MarkedYAMLException malformed) {
      problems.add(
          new DefinitionProblem(
              SourceLocation.of(file, malformed),
              "not valid YAML: " + malformed.getProblem() + "; fix the syntax"));
    } catch (IOException | RuntimeException unreadable) {
      problems.add(
          new DefinitionProblem(
              SourceLocation.of(file),
              "cannot read the configuration file ("
                  + unreadable.getClass().getSimpleName()
                  + "); check the path given to --config or TRIBUTARY_CONFIG"));
    }
    return null;
  }

  private void flatten(String prefix, MappingNode mapping) {
    Map<String, Node> seen = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode)) {
        problem(tuple.getKeyNode(), "keys must be plain names");
        continue;
      }
      String key = prefix + ((ScalarNode) tuple.getKeyNode()).getValue();
      if (seen.containsKey(key)) {
        problem(
            tuple.getKeyNode(),
            "duplicate key '"
                + key
                + "' (first at line "
                + (seen.get(key).getStartMark().getLine() + 1)
                + "): keep one");
        continue;
      }
      seen.put(key, tuple.getKeyNode());
      Node value = tuple.getValueNode();
      if (value instanceof MappingNode) {
        flatten(key + ".", (MappingNode) value);
      } else {
        leaf(key, tuple.getKeyNode(), value);
      }
    }
  }

  private void leaf(String key, Node keyNode, Node value) {
    ConfigKey known = ConfigKeys.find(key).orElse(null);
    if (known == null) {
      String suggestion =
          ClosestName.among(key, ConfigKeys.ALL.stream().map(ConfigKey::name).toList());
      problem(
          keyNode,
          "unknown key '"
              + key
              + "'"
              + (suggestion == null ? "" : ": did you mean '" + suggestion + "'?")
              + " See docs/configuration.md for every key");
      return;
    }
    String written = text(key, known, value);
    if (written == null) {
      return;
    }
    boolean secret = known.secret(key);
    if (secret && !SecretReferences.hasReference(written)) {
      problem(
          value,
          key
              + " is a secret written as a literal value: write a reference instead, e.g. ${env:"
              + suggestedVariable(key)
              + "} or ${file:/run/secrets/...}");
      return;
    }
    String resolved;
    try {
      resolved = references.resolve(written);
    } catch (IllegalArgumentException unresolved) {
      problem(value, key + ": " + unresolved.getMessage());
      return;
    }
    if (!secret && !valid(key, known.kind(), resolved, value)) {
      return;
    }
    values.put(key, new ConfigValue(resolved, written, secret, location(value)));
  }

  /** The scalar (or a list's items joined by commas), or null after reporting why not. */
  private String text(String key, ConfigKey known, Node value) {
    if (value instanceof ScalarNode) {
      return ((ScalarNode) value).getValue();
    }
    if (value instanceof SequenceNode && known.kind() == Kind.LIST) {
      List<String> items = new ArrayList<>();
      for (Node item : ((SequenceNode) value).getValue()) {
        if (!(item instanceof ScalarNode)) {
          problem(item, "items of " + key + " must be single values, e.g. - host:8001");
          return null;
        }
        items.add(((ScalarNode) item).getValue());
      }
      return String.join(",", items);
    }
    problem(value, key + " must be a single value, not a list or mapping");
    return null;
  }

  private boolean valid(String key, Kind kind, String text, Node at) {
    String expected =
        switch (kind) {
          case INTEGER -> isInteger(text) ? null : "a whole number";
          case BOOLEAN -> text.equals("true") || text.equals("false") ? null : "true or false";
          case DURATION ->
              Durations.parse(text) != null
                  ? null
                  : "a duration: a whole number and a unit, e.g. 250ms, 30s, 5m";
          default -> text.isBlank() ? "a value that is not empty" : null;
        };
    if (expected != null) {
      problem(at, key + " must be " + expected + ", not '" + text + "'");
    }
    return expected == null;
  }

  private static boolean isInteger(String text) {
    try {
      Integer.parseInt(text.trim());
      return true;
    } catch (NumberFormatException notOne) {
      return false;
    }
  }

  private static String suggestedVariable(String key) {
    return key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
  }

  private void problem(Node node, String message) {
    problems.add(new DefinitionProblem(location(node), message));
  }

  private SourceLocation location(Node node) {
    return new SourceLocation(
        file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
  }
}
