package dev.tributary.core.defs;

import dev.tributary.core.agg.Aggregation;
import dev.tributary.core.expr.Expression;
import dev.tributary.core.types.ValueType;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads one feature of a view and checks it against the time contract and its input type.
 *
 * <p>Default hops follow Chronon: 5 minutes for windows under 12 hours, 1 hour up to 12 days, 1 day
 * beyond. A window always spans between W and W + hop, so the hop is the price of exactness paid in
 * staleness of the tail.
 */
final class FeatureReader {
  private static final Duration TWELVE_HOURS = Duration.ofHours(12);
  private static final Duration TWELVE_DAYS = Duration.ofDays(12);
  private static final int MAX_LAST_N = 1000;
  private static final Set<ValueType> ORDERED =
      EnumSet.of(ValueType.LONG, ValueType.DOUBLE, ValueType.TIMESTAMP, ValueType.STRING);

  private FeatureReader() {}

  static Feature read(YamlMapping yaml, Source source, DefinitionContext context) {
    Located<String> name =
        yaml.requiredScalar("name", "give the feature a name such as 'mean_delay_1h'");
    String description = EntityReader.description(yaml);
    Located<String> aggregationText =
        yaml.requiredScalar("aggregation", "one of " + aggregationNames());
    Located<String> inputText = yaml.optionalScalar("input");
    Located<String> windowText = yaml.optionalScalar("window");
    Located<String> hopText = yaml.optionalScalar("hop");
    Long lastN = yaml.optionalLong("n");
    Double quantile = yaml.optionalDouble("quantile");
    yaml.rejectUnknownKeys();
    if (name == null || aggregationText == null || !context.isIdentifier(name, "feature name")) {
      return null;
    }
    if (ViewReader.RESERVED_COLUMNS.contains(name.value())) {
      context.problems.add(
          name.at(),
          "feature name '"
              + name.value()
              + "' is reserved for a history table column "
              + ViewReader.RESERVED_COLUMNS
              + ": rename the feature");
      return null;
    }
    Aggregation aggregation = Aggregation.fromYamlName(aggregationText.value());
    if (aggregation == null) {
      String suggestion = ClosestName.among(aggregationText.value(), aggregationNames());
      context.problems.add(
          aggregationText.at(),
          "unknown aggregation '"
              + aggregationText.value()
              + "'"
              + (suggestion == null ? "" : ": did you mean '" + suggestion + "'?")
              + " Use one of "
              + aggregationNames());
      return null;
    }
    Optional<Expression> input = input(inputText, aggregation, source, name, context);
    Optional<Duration> window = window(windowText, name, context);
    Duration hop = window == null ? null : hop(hopText, window, name, context);
    boolean parametersOk =
        parameter(
                aggregation == Aggregation.LAST_N,
                "n",
                lastN != null,
                name,
                yaml,
                context,
                "how many latest values to keep, e.g. 'n: 5'")
            & parameter(
                aggregation == Aggregation.APPROX_QUANTILE,
                "quantile",
                quantile != null,
                name,
                yaml,
                context,
                "the rank to estimate, e.g. 'quantile: 0.9'");
    if (input == null
        || window == null
        || hop == null
        || !parametersOk
        || !inRange(lastN, quantile, yaml, context)) {
      return null;
    }
    return new Feature(
        name.value(),
        description,
        aggregation,
        input.orElse(null),
        window.orElse(null),
        hop,
        lastN == null ? 0 : lastN.intValue(),
        quantile == null ? Double.NaN : quantile,
        name.at());
  }

  private static Optional<Expression> input(
      Located<String> text,
      Aggregation aggregation,
      Source source,
      Located<String> name,
      DefinitionContext context) {
    if (text == null) {
      if (aggregation == Aggregation.COUNT) {
        return Optional.empty();
      }
      context.problems.add(
          name.at(),
          "feature '"
              + name.value()
              + "' ("
              + aggregation.yamlName()
              + ") is missing 'input': the column or expression to aggregate");
      return null;
    }
    Expression input = context.compile(text, source.schema(), "input");
    if (input == null) {
      return null;
    }
    ValueType type = input.type();
    switch (aggregation) {
      case SUM:
      case AVG:
      case STDDEV:
        if (type.isNumeric() || type == ValueType.BOOLEAN) {
          return Optional.of(Expression.asNumber(input));
        }
        return invalidType(text, aggregation, type, "long, double or boolean (as 1/0)", context);
      case APPROX_QUANTILE:
        return type.isNumeric()
            ? Optional.of(input)
            : invalidType(text, aggregation, type, "long or double", context);
      case MIN:
      case MAX:
        return ORDERED.contains(type)
            ? Optional.of(input)
            : invalidType(text, aggregation, type, "long, double, timestamp or string", context);
      default:
        return Optional.of(input);
    }
  }

  private static Optional<Expression> invalidType(
      Located<String> text,
      Aggregation aggregation,
      ValueType type,
      String allowed,
      DefinitionContext context) {
    context.problems.add(
        text.at(),
        "aggregation "
            + aggregation.yamlName()
            + " is not valid for input '"
            + text.value()
            + "' of type "
            + type.yamlName()
            + ": it needs "
            + allowed);
    return null;
  }

  /** Empty for lifetime features; null when the window is unusable (reported). */
  private static Optional<Duration> window(
      Located<String> text, Located<String> name, DefinitionContext context) {
    if (text == null || text.value().equals("lifetime")) {
      return Optional.empty();
    }
    Duration window = Durations.parse(text.value());
    if (window == null || window.isZero()) {
      context.problems.add(
          text.at(),
          "window '"
              + text.value()
              + "' of feature '"
              + name.value()
              + "' is not a positive duration: write e.g. 1h, 7d, or 'lifetime' (or leave it out) for all history");
      return null;
    }
    return Optional.of(window);
  }

  private static Duration hop(
      Located<String> text,
      Optional<Duration> window,
      Located<String> name,
      DefinitionContext context) {
    if (window.isEmpty()) {
      if (text != null) {
        context.problems.add(
            text.at(),
            "feature '"
                + name.value()
                + "' is a lifetime feature: a hop has no meaning"
                + " there; remove 'hop' or give a 'window'");
        return null;
      }
      return Duration.ZERO;
    }
    Duration hop = text == null ? defaultHop(window.get()) : Durations.parse(text.value());
    SourceLocation at = text == null ? name.at() : text.at();
    if (hop == null || hop.isZero()) {
      context.problems.add(
          at,
          "hop '"
              + text.value()
              + "' of feature '"
              + name.value()
              + "' is not a positive duration such as 5m or 1h");
      return null;
    }
    if (window.get().toMillis() % hop.toMillis() != 0) {
      context.problems.add(
          at,
          "window "
              + Durations.format(window.get())
              + " of feature '"
              + name.value()
              + "' is not a multiple of "
              + (text == null ? "the default hop " : "hop ")
              + Durations.format(hop)
              + ": pick a hop that divides the window");
      return null;
    }
    return hop;
  }

  static Duration defaultHop(Duration window) {
    if (window.compareTo(TWELVE_HOURS) < 0) {
      return Duration.ofMinutes(5);
    }
    return window.compareTo(TWELVE_DAYS) <= 0 ? Duration.ofHours(1) : Duration.ofDays(1);
  }

  private static boolean parameter(
      boolean needed,
      String key,
      boolean given,
      Located<String> name,
      YamlMapping yaml,
      DefinitionContext context,
      String hint) {
    if (needed && !given) {
      context.problems.add(
          name.at(), "feature '" + name.value() + "' is missing '" + key + "': " + hint);
      return false;
    }
    if (!needed && given) {
      context.problems.add(
          name.at(),
          "feature '"
              + name.value()
              + "' has '"
              + key
              + "', which only "
              + (key.equals("n") ? "last_n" : "approx_quantile")
              + " takes: remove it");
      return false;
    }
    return true;
  }

  private static boolean inRange(
      Long lastN, Double quantile, YamlMapping yaml, DefinitionContext context) {
    if (lastN != null && (lastN < 1 || lastN > MAX_LAST_N)) {
      context.problems.add(
          yaml.location(), "'n' is " + lastN + ": keep between 1 and " + MAX_LAST_N + " values");
      return false;
    }
    if (quantile != null && !(quantile >= 0 && quantile <= 1)) {
      context.problems.add(
          yaml.location(), "'quantile' is " + quantile + ": it must lie in [0, 1], e.g. 0.9");
      return false;
    }
    return true;
  }

  private static Set<String> aggregationNames() {
    return Arrays.stream(Aggregation.values())
        .map(Aggregation::yamlName)
        .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
  }
}
