package dev.tributary.cli;

import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.view.ViewInput;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.core.window.ChangePoints;
import dev.tributary.core.window.Event;
import dev.tributary.io.file.EventFileReader;
import dev.tributary.io.file.EventIterator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the time contract says every view holds over the demo's replayed events, computed by the
 * core directly from the files: each entity's change points, and its key values. The demo paces its
 * stream against it ({@link OnlineCatchUp}) and checks the history tables and Redis against it at
 * the end ({@link DemoReport}). Sketch features ({@code approx_*}) depend on insertion order within
 * their error bound, so only the exact features are compared.
 */
final class ExpectedFeatures {
  private final List<ViewProgram> programs;
  private final List<ParsedEvent> events;

  /** By view version (a job's programs are not the same objects each time they are asked for). */
  private final Map<String, Map<String, List<ChangePoint>>> changePoints = new HashMap<>();

  private final Map<String, Map<String, List<Object>>> keys = new HashMap<>();

  private ExpectedFeatures(List<ViewProgram> programs, List<ParsedEvent> events) {
    this.programs = programs;
    this.events = events;
    for (ViewProgram program : programs) {
      Map<String, List<Event>> byEntity = new HashMap<>();
      Map<String, List<Object>> entityKeys = new HashMap<>();
      for (ParsedEvent event : events) {
        Optional<ViewInput> input = program.extract(event.row(), event.eventTime());
        input.ifPresent(
            i -> {
              byEntity.computeIfAbsent(i.encodedKey(), k -> new ArrayList<>()).add(i.event());
              entityKeys.putIfAbsent(i.encodedKey(), i.keyValues());
            });
      }
      ChangePoints compute = new ChangePoints(program.spec());
      Map<String, List<ChangePoint>> expected = new HashMap<>();
      byEntity.forEach((key, entityEvents) -> expected.put(key, compute.compute(entityEvents)));
      changePoints.put(program.view().versionedName(), expected);
      keys.put(program.view().versionedName(), entityKeys);
    }
  }

  /** The core over every event of {@code files} before {@code end} (the replay's range). */
  static ExpectedFeatures of(List<ViewProgram> programs, EventFileReader files, long end)
      throws IOException {
    List<ParsedEvent> events = new ArrayList<>();
    try (EventIterator iterator = files.open()) {
      while (iterator.hasNext()) {
        ParseOutcome outcome = iterator.next();
        if (outcome instanceof ParsedEvent event && event.eventTime() < end) {
          events.add(event);
        }
      }
    }
    events.sort(Comparator.comparingLong(ParsedEvent::eventTime));
    return new ExpectedFeatures(List.copyOf(programs), events);
  }

  List<ViewProgram> programs() {
    return programs;
  }

  /** The events, in event-time order. */
  List<ParsedEvent> events() {
    return events;
  }

  /** The events with {@code from <= event time < to}, in event-time order. */
  List<ParsedEvent> events(long from, long to) {
    return events.subList(firstAtOrAfter(from), firstAtOrAfter(to));
  }

  /** Each entity's change points of {@code program}, by encoded key. */
  Map<String, List<ChangePoint>> changePoints(ViewProgram program) {
    return changePoints.get(program.view().versionedName());
  }

  /** The key values of an entity of {@code program}, by encoded key. */
  List<Object> keyValues(ViewProgram program, String encodedKey) {
    return keys.get(program.view().versionedName()).get(encodedKey);
  }

  /** The entity's values as of {@code asOf}: its newest change point at or before it. */
  Object[] valuesAt(ViewProgram program, String encodedKey, long asOf) {
    Object[] values = program.spec().valuesWithoutEvents();
    for (ChangePoint row : changePoints(program).getOrDefault(encodedKey, List.of())) {
      if (row.validFrom() > asOf) {
        break;
      }
      values = row.values();
    }
    return values;
  }

  /** Whether {@code actual(i)} equals {@code expected[i]} for every exact feature. */
  static boolean sameExact(
      ViewProgram program, Object[] expected, java.util.function.IntFunction<Object> actual) {
    for (int i = 0; i < program.spec().size(); i++) {
      if (!isSketch(program, i) && !Objects.equals(expected[i], actual.apply(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean isSketch(ViewProgram program, int feature) {
    return program.spec().feature(feature).function().yamlName().startsWith("approx_");
  }

  private int firstAtOrAfter(long time) {
    int low = 0;
    int high = events.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (events.get(middle).eventTime() < time) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }
}
