package dev.tributary.core.view;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.defs.Feature;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.KeyBinding;
import dev.tributary.core.defs.Source;
import dev.tributary.core.expr.EvaluationException;
import dev.tributary.core.expr.Expression;
import dev.tributary.core.keys.EntityKeyCodec;
import dev.tributary.core.types.ValueType;
import dev.tributary.core.window.Event;
import dev.tributary.core.window.ViewSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A feature view turned into what the aggregation core runs: its {@link ViewSpec}, and the
 * row-level part that turns a source row into an entity key and per-feature inputs.
 *
 * <p>Every job (streaming, backfill, training sets, scoring lookups) goes through this class, so a
 * row means the same thing to all of them.
 */
public final class ViewProgram implements Serializable {
  private static final long serialVersionUID = 1L;

  private final FeatureView view;

  /** Derived from the view; rebuilt after deserialization in a Flink task. */
  private transient ViewSpec spec;

  private ViewProgram(FeatureView view) {
    this.view = view;
  }

  public static ViewProgram of(FeatureView view) {
    return new ViewProgram(view);
  }

  private static ViewSpec specOf(FeatureView view) {
    List<AggregateSpec> features = new ArrayList<>();
    for (Feature feature : view.features()) {
      features.add(spec(feature));
    }
    return new ViewSpec(features, view.ttl().toMillis());
  }

  private static AggregateSpec spec(Feature feature) {
    ValueType input = feature.input().map(Expression::type).orElse(ValueType.BOOLEAN);
    long window = feature.window().map(w -> w.toMillis()).orElse(0L);
    double quantile = Double.isNaN(feature.quantile()) ? 0.0 : feature.quantile();
    return new AggregateSpec(
        feature.name(),
        feature.aggregation(),
        input,
        window,
        feature.hop().toMillis(),
        feature.lastN(),
        quantile);
  }

  /**
   * The programs grouped by the source their view reads, each with its index in {@code programs}
   * (the view number a job's records carry), in the order of {@code programs}.
   */
  public static Map<Source, Map<Integer, ViewProgram>> bySource(List<ViewProgram> programs) {
    Map<Source, Map<Integer, ViewProgram>> bySource = new LinkedHashMap<>();
    for (int i = 0; i < programs.size(); i++) {
      bySource
          .computeIfAbsent(programs.get(i).view().source(), s -> new LinkedHashMap<>())
          .put(i, programs.get(i));
    }
    return bySource;
  }

  public FeatureView view() {
    return view;
  }

  public ViewSpec spec() {
    if (spec == null) {
      spec = specOf(view);
    }
    return spec;
  }

  /**
   * The view's reading of a source row with its event time; empty when the view's filter drops it.
   *
   * @throws EvaluationException when a key is null or an expression cannot be computed; the caller
   *     sends the record to the dead-letter output with this message
   */
  public Optional<ViewInput> extract(Object[] row, long eventTime) {
    if (view.filter().isPresent() && !Boolean.TRUE.equals(view.filter().get().evaluate(row))) {
      return Optional.empty();
    }
    List<Object> keyValues = new ArrayList<>(view.keys().size());
    for (KeyBinding key : view.keys()) {
      Object value = key.value().evaluate(row);
      if (value == null) {
        throw new EvaluationException(
            "key '"
                + key.key().name()
                + "' of view '"
                + view.name()
                + "' is null ("
                + key.value().canonical()
                + ")");
      }
      keyValues.add(value);
    }
    Object[] inputs = new Object[view.features().size()];
    for (int i = 0; i < inputs.length; i++) {
      Feature feature = view.features().get(i);
      inputs[i] = feature.input().isPresent() ? feature.input().get().evaluate(row) : Boolean.TRUE;
    }
    return Optional.of(
        new ViewInput(keyValues, EntityKeyCodec.encode(keyValues), new Event(eventTime, inputs)));
  }
}
