package dev.tributary.core.defs;

import dev.tributary.core.expr.Expression;
import dev.tributary.core.types.Column;
import dev.tributary.core.types.ValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a feature view and its features.
 *
 * <pre>
 * feature_views:
 *   - name: origin_delays
 *     entity: airport
 *     source: flights
 *     keys: {airport: origin}        # entity key: expression over the source
 *     ttl: 7d
 *     online: true
 *     offline: true
 *     features:
 *       - {name: mean_delay_1h, aggregation: avg, input: delay, window: 1h}
 * </pre>
 */
final class ViewReader {
  /** Column names of the history table that features and keys must not take. */
  static final List<String> RESERVED_COLUMNS = List.of("valid_from", "as_of", "job_id");

  private ViewReader() {}

  static void read(YamlMapping yaml, DefinitionContext context) {
    Located<String> name =
        yaml.requiredScalar("name", "give the view a name such as 'origin_delays'");
    String description = EntityReader.description(yaml);
    Located<String> entityName =
        yaml.requiredScalar("entity", "name the entity the features describe");
    Located<String> sourceName = yaml.requiredScalar("source", "name the source of the events");
    YamlMapping keysYaml = yaml.mapping("keys", "keys of the view", false);
    Located<String> filterText = yaml.optionalScalar("filter");
    Duration ttl = yaml.optionalDuration("ttl", Duration.ZERO);
    Boolean online = yaml.optionalBoolean("online", true);
    Boolean offline = yaml.optionalBoolean("offline", true);
    List<YamlMapping> featureYamls = yaml.mappings("features", "feature");
    if (!yaml.has("features")) {
      yaml.problems()
          .add(yaml.location(), "feature view is missing 'features': list at least one feature");
    }
    yaml.rejectUnknownKeys();
    if (name == null || !context.declare("feature view", name)) {
      return;
    }
    Entity entity = resolve(entityName, context.entities, "entity", context);
    Source source = resolve(sourceName, context.sources, "source", context);
    if (entity == null || source == null) {
      context.markFailed("feature view", name.value());
      return;
    }
    List<KeyBinding> keys = keys(keysYaml, entity, source, name, context);
    Optional<Expression> filter = Optional.empty();
    boolean ok = keys != null && ttl != null && online != null && offline != null;
    if (filterText != null) {
      filter =
          Optional.ofNullable(
              context.compile(filterText, source.schema(), "filter", ValueType.BOOLEAN));
      ok &= filter.isPresent();
    }
    List<Feature> features = new ArrayList<>();
    Map<String, SourceLocation> featureNames = new HashMap<>();
    for (YamlMapping featureYaml : featureYamls) {
      Feature feature = FeatureReader.read(featureYaml, source, context);
      if (feature == null) {
        ok = false;
        continue;
      }
      SourceLocation first = featureNames.putIfAbsent(feature.name(), feature.at());
      if (first != null) {
        context.problems.add(
            feature.at(),
            "duplicate feature name '"
                + feature.name()
                + "' in view '"
                + name.value()
                + "', first defined at "
                + first
                + ": rename one of them");
        ok = false;
      } else if (entity.keys().stream().anyMatch(k -> k.name().equals(feature.name()))) {
        context.problems.add(
            feature.at(),
            "feature '"
                + feature.name()
                + "' has the name of a key of entity '"
                + entity.name()
                + "': both become columns of one table, rename the feature");
        ok = false;
      }
      features.add(feature);
    }
    if (!ok || (features.isEmpty() && yaml.has("features"))) {
      if (ok) {
        context.problems.add(
            yaml.location(),
            "feature view '" + name.value() + "' has no features: add at least one");
      }
      context.markFailed("feature view", name.value());
      return;
    }
    String version = ViewVersion.of(entity, source, keys, filter, ttl, features);
    context.views.put(
        name.value(),
        new FeatureView(
            name.value(),
            description,
            entity,
            source,
            keys,
            filter.orElse(null),
            ttl,
            online,
            offline,
            features,
            version,
            name.at()));
  }

  static <T> T resolve(
      Located<String> reference, Map<String, T> known, String kind, DefinitionContext context) {
    if (reference == null) {
      return null;
    }
    T found = known.get(reference.value());
    if (found == null) {
      context.unknownReference(kind, reference, known.keySet());
    }
    return found;
  }

  /**
   * Binds every entity key to an expression over the source; a key without a binding uses the
   * same-named column.
   */
  private static List<KeyBinding> keys(
      YamlMapping yaml,
      Entity entity,
      Source source,
      Located<String> view,
      DefinitionContext context) {
    Map<String, Located<String>> written = new HashMap<>();
    if (yaml != null) {
      for (Map.Entry<Located<String>, Located<String>> pair : yaml.scalarPairs()) {
        if (entity.keys().stream().noneMatch(k -> k.name().equals(pair.getKey().value()))) {
          context.problems.add(
              pair.getKey().at(),
              "'"
                  + pair.getKey().value()
                  + "' is not a key of entity '"
                  + entity.name()
                  + "': its keys are "
                  + entity.keys().stream().map(Column::name).toList());
          return null;
        }
        written.put(pair.getKey().value(), pair.getValue());
      }
    }
    List<KeyBinding> bindings = new ArrayList<>();
    for (Column key : entity.keys()) {
      Located<String> text = written.get(key.name());
      if (text == null) {
        if (source.schema().indexOf(key.name()).isEmpty()) {
          context.problems.add(
              yaml == null ? view.at() : yaml.location(),
              "view '"
                  + view.value()
                  + "' does not say how to compute key '"
                  + key.name()
                  + "' of entity '"
                  + entity.name()
                  + "' and source '"
                  + source.name()
                  + "' has no column of that name: add 'keys: {"
                  + key.name()
                  + ": <expression>}'");
          return null;
        }
        text = new Located<>(key.name(), view.at());
      }
      Expression value =
          context.compile(text, source.schema(), "key '" + key.name() + "'", key.type());
      if (value == null) {
        return null;
      }
      bindings.add(new KeyBinding(key, value));
    }
    return bindings;
  }
}
