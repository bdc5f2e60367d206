package dev.tributary.core.defs;

import dev.tributary.core.expr.Expression;
import dev.tributary.core.expr.ExpressionException;
import dev.tributary.core.types.Column;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a scoring deployment.
 *
 * <pre>
 * scoring:
 *   - name: flight_delay_live
 *     model: flight_delay
 *     requests: flight_requests          # a source: one row per prediction asked for
 *     routing_key: concat(origin, destination)
 *     traffic_split: {1: 90, 2: 10}      # model version: weight
 * </pre>
 *
 * <p>Requests must carry what the model's views need to compute their entity keys (the views' key
 * expressions are evaluated on the request) and the label's join columns; both are checked here so
 * a deployment cannot fail on its first request.
 */
final class ScoringReader {
  private ScoringReader() {}

  static void read(YamlMapping yaml, DefinitionContext context) {
    Located<String> name = yaml.requiredScalar("name", "give the deployment a name");
    String description = EntityReader.description(yaml);
    Located<String> modelName = yaml.requiredScalar("model", "name the model to score");
    Located<String> requestsName =
        yaml.requiredScalar("requests", "name the source of scoring requests");
    Located<String> routingText =
        yaml.requiredScalar(
            "routing_key",
            "an expression over the request; equal keys always reach the same model version");
    YamlMapping splitYaml = yaml.mapping("traffic_split", "traffic split", true);
    yaml.rejectUnknownKeys();
    Map<Long, Integer> split = splitYaml == null ? null : split(splitYaml, context);
    if (name == null || !context.declare("scoring", name)) {
      return;
    }
    Model model = ViewReader.resolve(modelName, context.models, "model", context);
    Source requests = ViewReader.resolve(requestsName, context.sources, "source", context);
    if (model == null || requests == null || routingText == null || split == null) {
      return;
    }
    Expression routingKey = context.compile(routingText, requests.schema(), "routing_key");
    if (routingKey == null || !requestsCarryKeys(model, requests, requestsName, context)) {
      return;
    }
    context.scorings.add(
        new Scoring(name.value(), description, model, requests, routingKey, split, name.at()));
  }

  private static Map<Long, Integer> split(YamlMapping yaml, DefinitionContext context) {
    Map<Long, Integer> split = new HashMap<>();
    long total = 0;
    for (Map.Entry<Located<String>, Located<String>> pair : yaml.scalarPairs()) {
      long version;
      int weight;
      try {
        version = Long.parseLong(pair.getKey().value());
        weight = Integer.parseInt(pair.getValue().value());
      } catch (NumberFormatException notNumbers) {
        context.problems.add(
            pair.getKey().at(),
            "traffic split entries are 'version: weight' with whole numbers, not '"
                + pair.getKey().value()
                + ": "
                + pair.getValue().value()
                + "'");
        return null;
      }
      if (version < 1 || weight < 0) {
        context.problems.add(
            pair.getKey().at(),
            "model version must be 1 or more and weight 0 or more, got " + version + ": " + weight);
        return null;
      }
      split.put(version, weight);
      total += weight;
    }
    if (total == 0) {
      context.problems.add(
          yaml.location(),
          "traffic split sends no traffic anywhere: give some version a weight above 0");
      return null;
    }
    return split;
  }

  private static boolean requestsCarryKeys(
      Model model, Source requests, Located<String> at, DefinitionContext context) {
    boolean ok = true;
    for (FeatureRef input : model.inputs()) {
      for (KeyBinding key : input.view().keys()) {
        try {
          Expression.compile(key.value().canonical(), requests.schema());
        } catch (ExpressionException missing) {
          context.problems.add(
              at.at(),
              "requests of source '"
                  + requests.name()
                  + "' cannot give key '"
                  + key.key().name()
                  + "' of view '"
                  + input.view().name()
                  + "' ("
                  + key.value().canonical()
                  + "): "
                  + missing.getMessage());
          ok = false;
        }
      }
    }
    for (String column : model.label().joinOn()) {
      Column labelColumn =
          model
              .label()
              .source()
              .schema()
              .column(model.label().source().schema().indexOf(column).getAsInt());
      if (!requests.schema().columns().contains(labelColumn)) {
        context.problems.add(
            at.at(),
            "requests of source '"
                + requests.name()
                + "' lack the label join column '"
                + column
                + "' ("
                + labelColumn.type().yamlName()
                + "): predictions could never meet their labels");
        ok = false;
      }
    }
    return ok;
  }
}
