package dev.tributary.flink.materialize;

import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.view.ViewInput;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.core.window.ChangePoints;
import dev.tributary.core.window.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a view's history table must hold: the core's change points computed directly, per entity.
 */
final class ExpectedHistory {
  private ExpectedHistory() {}

  /** Per encoded entity key, the change points of the view over these events. */
  static Map<String, List<ChangePoint>> of(ViewProgram program, List<ParsedEvent> events) {
    Map<String, List<Event>> byEntity = eventsByEntity(program, events);
    Map<String, List<ChangePoint>> expected = new TreeMap<>();
    ChangePoints changePoints = new ChangePoints(program.spec());
    byEntity.forEach((key, entityEvents) -> expected.put(key, changePoints.compute(entityEvents)));
    return expected;
  }

  /** Per encoded entity key, the view's events (its feature inputs) among these. */
  static Map<String, List<Event>> eventsByEntity(ViewProgram program, List<ParsedEvent> events) {
    Map<String, List<Event>> byEntity = new TreeMap<>();
    for (ParsedEvent parsed : events) {
      Optional<ViewInput> input = program.extract(parsed.row(), parsed.eventTime());
      input.ifPresent(
          i -> byEntity.computeIfAbsent(i.encodedKey(), k -> new ArrayList<>()).add(i.event()));
    }
    return byEntity;
  }
}
