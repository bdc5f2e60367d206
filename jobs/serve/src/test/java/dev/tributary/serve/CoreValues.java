package dev.tributary.serve;

import dev.tributary.core.agg.Aggregation;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.view.ViewInput;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.Event;
import dev.tributary.core.window.PointInTimeEvaluator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The core's answer for the served values: per view and entity, the value of each feature as of a
 * time, computed by {@link PointInTimeEvaluator} (the training-set job's recompute path, TTL
 * included) from the raw events, apart from the streaming job and Redis.
 */
final class CoreValues {
  private final Map<String, ViewProgram> programs = new HashMap<>();
  private final Map<String, Map<List<Object>, List<Event>>> events = new HashMap<>();
  private final Map<String, Object[]> cache = new ConcurrentHashMap<>();

  CoreValues(List<FeatureView> views, List<ParsedEvent> parsed) {
    for (FeatureView view : views) {
      ViewProgram program = ViewProgram.of(view);
      programs.put(view.name(), program);
      Map<List<Object>, List<Event>> byEntity = new HashMap<>();
      for (ParsedEvent event : parsed) {
        Optional<ViewInput> input = program.extract(event.row(), event.eventTime());
        input.ifPresent(
            i -> byEntity.computeIfAbsent(i.keyValues(), k -> new ArrayList<>()).add(i.event()));
      }
      events.put(view.name(), byEntity);
    }
  }

  /** Whether the entity has any event in the view. */
  boolean knows(FeatureView view, List<Object> key) {
    return events.get(view.name()).containsKey(key);
  }

  /** Per entity of the view, its newest event time. */
  Map<List<Object>, Long> newestEvents(FeatureView view) {
    Map<List<Object>, Long> newest = new HashMap<>();
    events
        .get(view.name())
        .forEach(
            (key, list) ->
                newest.put(
                    key, list.stream().mapToLong(Event::eventTimeMillis).max().orElseThrow()));
    return newest;
  }

  /** The core's value of the feature for the entity as of {@code t}. */
  Object valueAsOf(FeatureView view, List<Object> key, String feature, long t) {
    Object[] values =
        cache.computeIfAbsent(
            view.name() + key + "@" + t,
            k ->
                new PointInTimeEvaluator(programs.get(view.name()).spec())
                    .evaluate(events.get(view.name()).getOrDefault(key, List.of()), new long[] {t})[
                    0]);
    return values[view.features().indexOf(view.feature(feature).orElseThrow())];
  }

  /**
   * Whether the feature is a sketch: its value depends on the order the sketch saw the events, so
   * only its presence is compared.
   */
  boolean approximate(FeatureView view, String feature) {
    Aggregation function = view.feature(feature).orElseThrow().aggregation();
    return function == Aggregation.APPROX_QUANTILE || function == Aggregation.APPROX_DISTINCT;
  }
}
