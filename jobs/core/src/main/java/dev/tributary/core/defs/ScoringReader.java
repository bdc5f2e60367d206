package dev.tributary.core.defs;

import dev.tributary.core.expr.Expression;
import dev.tributary.core.expr.ExpressionException;
import dev.tributary.core.score.MissingPolicy;
import dev.tributary.core.score.ModelVersionFolder;
import dev.tributary.core.score.ScoringRequests;
import dev.tributary.core.score.TrafficSplit;
import dev.tributary.core.types.Column;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a scoring deployment.
 *
 * <pre>
 * scoring:
 *   - name: flight_delay_live
 *     model: flight_delay
 *     requests: flight_requests          # a source: one row per prediction asked for
 *     routing_key: concat(origin, destination)
 *     traffic_split: {1: 90, 2: 10}      # model version: weight in percent, summing to 100
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
    if (routingKey == null
        || !requestsCarryKeys(model, requests, requestsName, context)
        || !versionsExist(model, splitYaml, split, context)) {
      return;
    }
    context.scorings.add(
        new Scoring(name.value(), description, model, requests, routingKey, split, name.at()));
  }

  private static Map<Long, Integer> split(YamlMapping yaml, DefinitionContext context) {
    Map<Long, Integer> split = new TreeMap<>();
    for (Map.Entry<Located<String>, Located<String>> pair : yaml.scalarPairs()) {
      try {
        split.put(Long.parseLong(pair.getKey().value()), Integer.parseInt(pair.getValue().value()));
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
    }
    String problem = TrafficSplit.problem(split);
    if (problem != null) {
      context.problems.add(yaml.location(), problem);
      return null;
    }
    return split;
  }

  /**
   * Every version of the split must be in the model repository the model names (when it is a local
   * folder), and with {@code missing: mean_from_training} carry training means for the model's
   * inputs in the model's order.
   */
  private static boolean versionsExist(
      Model model, YamlMapping splitYaml, Map<Long, Integer> split, DefinitionContext context) {
    if (model.repository().isEmpty() || model.repository().get().contains("://")) {
      return true; // not declared, or remote: `tributary score` checks READY at start instead
    }
    Path repository = Path.of(model.repository().get());
    Set<Long> held;
    try {
      held = ModelVersionFolder.versions(repository, model.tritonModel());
    } catch (IOException unreadable) {
      context.problems.add(
          splitYaml.location(), "cannot list " + repository + ": " + unreadable.getMessage());
      return false;
    }
    List<String> inputNames = model.inputs().stream().map(FeatureRef::qualifiedName).toList();
    boolean ok = true;
    for (Map.Entry<Located<String>, Located<String>> pair : splitYaml.scalarPairs()) {
      long version = Long.parseLong(pair.getKey().value());
      if (!held.contains(version)) {
        context.problems.add(
            pair.getKey().at(),
            "model '"
                + model.tritonModel()
                + "' has no version "
                + version
                + " in the model repository "
                + repository
                + (held.isEmpty() ? " (it has none)" : " (it has " + held + ")")
                + ": publish it first (tributary models publish) or remove it from the split");
        ok = false;
      } else if (model.missing() == MissingPolicy.MEAN_FROM_TRAINING) {
        try {
          List<String> features =
              ModelVersionFolder.read(repository, model.tritonModel(), version).features();
          if (!features.equals(inputNames)) {
            context.problems.add(
                pair.getKey().at(),
                "version "
                    + version
                    + " of model '"
                    + model.tritonModel()
                    + "' was trained on "
                    + features
                    + ", not the model's inputs "
                    + inputNames);
            ok = false;
          }
        } catch (IOException noMeans) {
          context.problems.add(pair.getKey().at(), noMeans.getMessage());
          ok = false;
        }
      }
    }
    return ok;
  }

  private static boolean requestsCarryKeys(
      Model model, Source requests, Located<String> at, DefinitionContext context) {
    boolean ok = true;
    if (requests.schema().indexOf(ScoringRequests.REQUEST_ID).isEmpty()) {
      context.problems.add(
          at.at(),
          "requests of source '"
              + requests.name()
              + "' have no 'request_id' column: add 'request_id: string' to its schema; it names"
              + " each request in the prediction log and the dead letters");
      ok = false;
    }
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
