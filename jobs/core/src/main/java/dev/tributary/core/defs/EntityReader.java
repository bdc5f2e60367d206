package dev.tributary.core.defs;

import dev.tributary.core.types.Column;
import dev.tributary.core.types.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an entity.
 *
 * <pre>
 * entities:
 *   - name: route
 *     keys: {origin: string, destination: string}
 * </pre>
 */
final class EntityReader {
  private EntityReader() {}

  static void read(YamlMapping yaml, DefinitionContext context) {
    Located<String> name = yaml.requiredScalar("name", "give the entity a name such as 'airport'");
    String description = description(yaml);
    YamlMapping keysYaml = yaml.mapping("keys", "keys of the entity", true);
    yaml.rejectUnknownKeys();
    List<Column> keys = keysYaml == null ? null : columns(keysYaml, context, "entity key");
    if (name == null || !context.declare("entity", name)) {
      return;
    }
    if (keys == null || keys.isEmpty()) {
      if (keysYaml != null) {
        context.problems.add(
            keysYaml.location(), "entity '" + name.value() + "' needs at least one key column");
      }
      context.markFailed("entity", name.value());
      return;
    }
    context.entities.put(name.value(), new Entity(name.value(), description, keys, name.at()));
  }

  static String description(YamlMapping yaml) {
    Located<String> description = yaml.optionalScalar("description");
    return description == null ? "" : description.value();
  }

  /** Reads {@code name: type} pairs; null when any of them is wrong (each is reported). */
  static List<Column> columns(YamlMapping yaml, DefinitionContext context, String what) {
    List<Column> columns = new ArrayList<>();
    boolean ok = true;
    for (Map.Entry<Located<String>, Located<String>> pair : yaml.scalarPairs()) {
      ValueType type = ValueType.fromYamlName(pair.getValue().value());
      if (type == null) {
        context.problems.add(
            pair.getValue().at(),
            "unknown type '"
                + pair.getValue().value()
                + "' of "
                + what
                + " '"
                + pair.getKey().value()
                + "': use boolean, long, double, string or timestamp");
        ok = false;
      }
      ok &= context.isIdentifier(pair.getKey(), what);
      if (type != null) {
        columns.add(new Column(pair.getKey().value(), type));
      }
    }
    return ok ? columns : null;
  }
}
