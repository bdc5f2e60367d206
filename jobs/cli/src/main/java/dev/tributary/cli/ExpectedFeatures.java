package dev.tributary.cli;

import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.view.ViewInput;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.core.window.ChangePoints;
import dev.tributary.core.window.Event;
import dev.tributary.core.window.StreamingChangePoints;
import dev.tributary.core.window.ViewSpec;
import dev.tributary.io.file.EventFileReader;
import dev.tributary.io.file.EventIterator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * What the time contract says every view holds over the demo's replayed events, computed by the
 * core as the replay publishes them: per view and entity, the state the streaming operator keeps
 * ({@link StreamingChangePoints}, no lateness: the replay is in event-time order), advanced to each
 * pause of the replay. The demo paces its stream against it ({@link OnlineCatchUp}) and checks the
 * history tables and Redis against it at the end ({@link DemoReport}).
 *
 * <p>Bounded whatever the length of the replay: the states fold their events into tiles and drop
 * what no window reaches any more, and of each entity's change points only those of the last {@link
 * #retentionMillis} (the views' longest lookback: window plus hop, or TTL) are kept, with the one
 * before them, to look up the values as of a stored as-of time; all of them go into the entity's
 * {@link RowDigest}, which the closing check compares with the table's. A lookup before the kept
 * rows answers "unknown", never a guess: a record that old is behind.
 *
 * <p>Sketch features ({@code approx_*}) depend on insertion order within their error bound, so only
 * the exact features are compared.
 */
final class ExpectedFeatures {
  /** The kept rows' span when a view has a lifetime feature (no finite lookback). */
  static final long LIFETIME_RETENTION_MILLIS = 8 * 86_400_000L;

  /**
   * Every entity is advanced at least this often in event time while events come, so that no state
   * holds more than a day of raw events before the first pause (the backfilled months).
   */
  private static final long ADVANCE_EVERY_MILLIS = 86_400_000L;

  /** One entity of one view. */
  private static final class Entity {
    final List<Object> keyValues;
    final StreamingChangePoints state;
    final RowDigest digest = new RowDigest();

    /** Its newest change points, ascending: those after the retention horizon and one before. */
    final List<ChangePoint> kept = new ArrayList<>();

    /** Whether rows were dropped from the front of {@link #kept}. */
    boolean trimmed;

    Entity(List<Object> keyValues, ViewSpec spec) {
      this.keyValues = keyValues;
      this.state = new StreamingChangePoints(spec, 0);
    }
  }

  /** One view: its entities by encoded key, and the newest event time of each touched since. */
  private record View(
      ViewProgram program, Map<String, Entity> entities, Map<String, Long> touched) {}

  private final List<ViewProgram> programs;
  private final Map<String, View> views = new LinkedHashMap<>();
  private final long retentionMillis;
  private long through = Long.MIN_VALUE;
  private long firstEvent = Long.MIN_VALUE;
  private long newestEvent = Long.MIN_VALUE;

  ExpectedFeatures(List<ViewProgram> programs) {
    this.programs = List.copyOf(programs);
    long retention = 0;
    for (ViewProgram program : programs) {
      views.put(
          program.view().versionedName(), new View(program, new HashMap<>(), new HashMap<>()));
      long lookback = program.spec().lookbackMillis();
      retention =
          Math.max(
              retention, lookback == ViewSpec.UNBOUNDED ? LIFETIME_RETENTION_MILLIS : lookback);
    }
    this.retentionMillis = retention;
  }

  List<ViewProgram> programs() {
    return programs;
  }

  /** How far back from the newest advance each entity's change points are kept for lookups. */
  long retentionMillis() {
    return retentionMillis;
  }

  /**
   * Takes the next replayed event: events come in event-time order, none before the last {@link
   * #advanceTo} time.
   */
  void accept(ParsedEvent event) {
    long time = event.eventTime();
    if (time < through || time < newestEvent) {
      throw new IllegalStateException(
          "the reference takes events in event-time order: got one at "
              + time
              + " after "
              + Math.max(through, newestEvent));
    }
    if (newestEvent != Long.MIN_VALUE
        && time - Math.max(through, firstEvent) >= ADVANCE_EVERY_MILLIS) {
      advanceTo(time);
    }
    firstEvent = newestEvent == Long.MIN_VALUE ? time : firstEvent;
    newestEvent = time;
    for (View view : views.values()) {
      Optional<ViewInput> input = view.program().extract(event.row(), time);
      if (input.isPresent()) {
        ViewInput in = input.get();
        view.entities()
            .computeIfAbsent(
                in.encodedKey(), k -> new Entity(in.keyValues(), view.program().spec()))
            .state
            .accept(in.event());
        view.touched().merge(in.encodedKey(), time, Math::max);
      }
    }
  }

  /**
   * Makes every change point at or before {@code instant} final: every event before it has been
   * {@link #accept accepted}.
   */
  void advanceTo(long instant) {
    advance(instant, before(instant));
  }

  /** The retention horizon for a newest time: rows at or before it are dropped but one. */
  private long before(long time) {
    return time < Long.MIN_VALUE + retentionMillis ? Long.MIN_VALUE : time - retentionMillis;
  }

  /** No more events: every change point there will be (window ends, TTLs) is made final. */
  void finish() {
    advance(Long.MAX_VALUE, before(newestEvent));
  }

  private void advance(long instant, long keepAfter) {
    if (instant <= through) {
      return;
    }
    for (View view : views.values()) {
      for (Entity entity : view.entities().values()) {
        // No row between the entity's last advance and its next change time: skip it.
        if (entity.state.nextChangeTime() > instant) {
          continue;
        }
        for (ChangePoint row : entity.state.advanceTo(instant)) {
          entity.digest.add(view.program(), row);
          entity.kept.add(row);
        }
        trim(entity, keepAfter);
      }
    }
    through = instant;
  }

  private static void trim(Entity entity, long keepAfter) {
    int lastBefore = -1;
    while (lastBefore + 1 < entity.kept.size()
        && entity.kept.get(lastBefore + 1).validFrom() <= keepAfter) {
      lastBefore++;
    }
    if (lastBefore > 0) {
      entity.kept.subList(0, lastBefore).clear();
      entity.trimmed = true;
    }
  }

  /**
   * The entities of {@code program} with an event since the last call, each with its newest event
   * time; clears them.
   */
  Map<String, Long> takeTouched(ViewProgram program) {
    Map<String, Long> touched = view(program).touched();
    Map<String, Long> taken = Map.copyOf(touched);
    touched.clear();
    return taken;
  }

  /** Every entity of {@code program} with an event so far, by encoded key. */
  Set<String> entities(ViewProgram program) {
    return view(program).entities().keySet();
  }

  /** The key values of an entity of {@code program}, by encoded key. */
  List<Object> keyValues(ViewProgram program, String encodedKey) {
    return view(program).entities().get(encodedKey).keyValues;
  }

  /** The digest of the entity's change points made final so far (empty for an unknown one). */
  RowDigest digest(ViewProgram program, String encodedKey) {
    Entity entity = view(program).entities().get(encodedKey);
    return entity == null ? new RowDigest() : entity.digest;
  }

  /**
   * The entity's values as of {@code asOf} (its newest change point at or before it), or empty when
   * the reference cannot tell: {@code asOf} after the last {@link #advanceTo} instant, or before
   * the change points it still keeps.
   */
  Optional<Object[]> valuesAt(ViewProgram program, String encodedKey, long asOf) {
    if (asOf > through) {
      return Optional.empty();
    }
    Entity entity = view(program).entities().get(encodedKey);
    if (entity == null) {
      return Optional.of(program.spec().valuesWithoutEvents());
    }
    List<ChangePoint> rows = entity.kept;
    if (entity.trimmed && (rows.isEmpty() || rows.get(0).validFrom() > asOf)) {
      return Optional.empty();
    }
    return Optional.of(new ChangePoints(program.spec()).valuesAsOf(rows, asOf));
  }

  private View view(ViewProgram program) {
    return views.get(program.view().versionedName());
  }

  /**
   * The change points of the given entities of {@code program} over every event of {@code files}
   * before {@code end}, computed from scratch: to show where an entity whose digest differs departs
   * from the core.
   */
  static Map<String, List<ChangePoint>> recompute(
      ViewProgram program, EventFileReader files, long end, Set<String> entities)
      throws IOException {
    Map<String, List<Event>> events = new HashMap<>();
    try (EventIterator iterator = files.open()) {
      while (iterator.hasNext()) {
        ParseOutcome outcome = iterator.next();
        if (outcome instanceof ParsedEvent event && event.eventTime() < end) {
          program
              .extract(event.row(), event.eventTime())
              .filter(input -> entities.contains(input.encodedKey()))
              .ifPresent(
                  input ->
                      events
                          .computeIfAbsent(input.encodedKey(), k -> new ArrayList<>())
                          .add(input.event()));
        }
      }
    }
    ChangePoints compute = new ChangePoints(program.spec());
    Map<String, List<ChangePoint>> changePoints = new HashMap<>();
    events.forEach((key, entityEvents) -> changePoints.put(key, compute.compute(entityEvents)));
    return changePoints;
  }

  /** Whether {@code actual(i)} equals {@code expected[i]} for every exact feature. */
  static boolean sameExact(ViewProgram program, Object[] expected, IntFunction<Object> actual) {
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
}
