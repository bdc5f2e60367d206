package dev.tributary.core.defs;

import dev.tributary.core.expr.Expression;
import dev.tributary.core.types.ValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a model: its Triton name, its inputs as {@code view.feature} in input order, and its label.
 *
 * <pre>
 * models:
 *   - name: flight_delay
 *     triton_model: flight_delay
 *     model_repository: ../triton-models   # relative to the definitions folder, or a URI
 *     missing: mean_from_training           # or zero, or reject (the default)
 *     inputs: [origin_delays.mean_delay_1h, route_delays.mean_delay_7d]
 *     label:
 *       source: flights
 *       value: delay > 15
 *       join_on: [origin, destination, date]
 *       prediction_time: date - hours(2)
 *     monitoring: {threshold: 0.5, label_wait: 6h}   # optional, see ModelMonitoring
 * </pre>
 */
final class ModelReader {
  private ModelReader() {}

  static void read(YamlMapping yaml, DefinitionContext context) {
    Located<String> name =
        yaml.requiredScalar("name", "give the model a name such as 'flight_delay'");
    String description = EntityReader.description(yaml);
    Located<String> tritonModel = yaml.optionalScalar("triton_model");
    Located<String> missingText = yaml.optionalScalar("missing");
    Located<String> repositoryText = yaml.optionalScalar("model_repository");
    List<Located<String>> inputNames = yaml.scalars("inputs");
    if (!yaml.has("inputs")) {
      yaml.problems()
          .add(
              yaml.location(),
              "model is missing 'inputs': list its features as view.feature, in input order");
    }
    YamlMapping labelYaml = yaml.mapping("label", "label of the model", true);
    ModelMonitoring monitoring =
        MonitoringReader.read(yaml.mapping("monitoring", "monitoring of the model", false));
    yaml.rejectUnknownKeys();
    Label label = labelYaml == null ? null : label(labelYaml, context);
    MissingPolicy missing = missingPolicy(missingText, context);
    String repository = repositoryText == null ? null : repository(repositoryText, context);
    if (name == null || !context.declare("model", name)) {
      return;
    }
    boolean ok =
        label != null
            && missing != null
            && (repositoryText == null || repository != null)
            && monitoring != null
            && (tritonModel == null || context.isIdentifier(tritonModel, "Triton model name"));
    List<FeatureRef> inputs = new ArrayList<>();
    for (Located<String> input : inputNames) {
      FeatureRef ref = featureRef(input, context);
      if (ref == null) {
        ok = false;
      } else if (inputs.stream().anyMatch(r -> r.qualifiedName().equals(ref.qualifiedName()))) {
        context.problems.add(
            input.at(),
            "model input '"
                + input.value()
                + "' is listed twice: inputs are positions"
                + " of the model's input tensor, list each feature once");
        ok = false;
      } else if (!ref.isNumeric()) {
        context.problems.add(
            input.at(),
            "model input '"
                + input.value()
                + "' is not a number, boolean or timestamp: a model's input tensor holds numbers");
        ok = false;
      } else {
        inputs.add(ref);
      }
    }
    if (ok && inputs.isEmpty() && yaml.has("inputs")) {
      context.problems.add(
          name.at(), "model '" + name.value() + "' has no inputs: list at least one view.feature");
      ok = false;
    }
    if (!ok) {
      context.markFailed("model", name.value());
      return;
    }
    context.models.put(
        name.value(),
        new Model(
            name.value(),
            description,
            tritonModel == null ? name.value() : tritonModel.value(),
            inputs,
            label,
            missing,
            repository,
            name.at(),
            monitoring));
  }

  /** {@code missing:}; {@code reject} when absent, so nothing is imputed unless asked for. */
  private static MissingPolicy missingPolicy(Located<String> text, DefinitionContext context) {
    if (text == null) {
      return MissingPolicy.REJECT;
    }
    MissingPolicy policy = MissingPolicy.fromYamlName(text.value());
    if (policy == null) {
      context.problems.add(
          text.at(),
          "'missing' is '"
              + text.value()
              + "': write zero, mean_from_training or reject (the request goes to the dead"
              + " letters with the names of the missing features)");
    }
    return policy;
  }

  /**
   * {@code model_repository:} as given when it is a URI, else a local folder relative to the
   * definitions folder, made absolute; null (reported) when that folder does not exist.
   */
  private static String repository(Located<String> text, DefinitionContext context) {
    if (text.value().matches("[a-z][a-z0-9+.-]*://.*")) {
      return text.value();
    }
    Path folder = context.root.resolve(text.value()).toAbsolutePath().normalize();
    if (!Files.isDirectory(folder)) {
      context.problems.add(
          text.at(),
          "model_repository '"
              + text.value()
              + "' is not a folder ("
              + folder
              + "): give the Triton model repository relative to the definitions folder,"
              + " e.g. ../triton-models, or a URI");
      return null;
    }
    return folder.toString();
  }

  private static FeatureRef featureRef(Located<String> input, DefinitionContext context) {
    String[] parts = input.value().split("\\.", -1);
    if (parts.length != 2) {
      context.problems.add(
          input.at(), "model input '" + input.value() + "' must be written view.feature");
      return null;
    }
    FeatureView view =
        ViewReader.resolve(
            new Located<>(parts[0], input.at()), context.views, "feature view", context);
    if (view == null) {
      return null;
    }
    Feature feature = view.feature(parts[1]).orElse(null);
    if (feature == null) {
      context.unknownReference(
          "feature of view '" + view.name() + "'",
          new Located<>(parts[1], input.at()),
          view.features().stream()
              .map(Feature::name)
              .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)));
      return null;
    }
    return new FeatureRef(view, feature);
  }

  private static Label label(YamlMapping yaml, DefinitionContext context) {
    Located<String> sourceName =
        yaml.requiredScalar("source", "name the source whose events carry the outcome");
    Located<String> valueText =
        yaml.requiredScalar("value", "the label per event, e.g. 'delay > 15'");
    List<Located<String>> joinOn = yaml.scalars("join_on");
    if (!yaml.has("join_on")) {
      yaml.problems()
          .add(
              yaml.location(),
              "label is missing 'join_on': the columns that identify a predicted event");
    }
    Located<String> predictionTimeText =
        yaml.requiredScalar(
            "prediction_time", "when the prediction is made, e.g. 'date - hours(2)'");
    yaml.rejectUnknownKeys();
    Source source = ViewReader.resolve(sourceName, context.sources, "source", context);
    if (source == null || valueText == null || predictionTimeText == null || joinOn.isEmpty()) {
      return null;
    }
    Expression value = context.compile(valueText, source.schema(), "label value");
    Expression predictionTime =
        context.compile(
            predictionTimeText, source.schema(), "prediction_time", ValueType.TIMESTAMP);
    boolean ok = value != null && predictionTime != null;
    for (Located<String> column : joinOn) {
      if (source.schema().indexOf(column.value()).isEmpty()) {
        context.problems.add(
            column.at(),
            "join_on column '" + column.value() + "' is not in source '" + source.name() + "'");
        ok = false;
      }
    }
    return ok
        ? new Label(source, value, joinOn.stream().map(Located::value).toList(), predictionTime)
        : null;
  }
}
