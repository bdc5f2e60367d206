package dev.tributary.flink.materialize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.core.window.ChangePoints;
import dev.tributary.core.window.Event;
import dev.tributary.flink.online.OnlineUpdate;
import dev.tributary.flink.records.HistoryChange;
import dev.tributary.flink.records.ViewEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keyed operator alone, driven by a test harness: timers, state clean-up and what it emits. */
class ViewMaterializerTest {
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;

  @TempDir Path folder;

  @Test
  void stateOfAnEntityIdleBeyondItsWindowsAndTtlIsDroppedWithoutChangingItsHistory()
      throws Exception {
    ViewProgram program = delays();
    List<Event> events =
        List.of(
            Event.of(0, true, 10L),
            Event.of(10 * MINUTE, true, 20L),
            Event.of(5 * HOUR, true, 30L));

    try (KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, HistoryChange> harness =
        harness(new ViewMaterializer(List.of(program)))) {
      harness.open();
      harness.processElement(viewEvent(program, events.get(0)), 0);
      harness.processElement(viewEvent(program, events.get(1)), 10 * MINUTE);
      harness.processWatermark(3 * HOUR);
      assertEquals(
          0, harness.numKeyedStateEntries(), "idle beyond 1h + 5m and the 2h TTL: no state left");
      harness.processElement(viewEvent(program, events.get(2)), 5 * HOUR);
      harness.processWatermark(Long.MAX_VALUE);

      assertEquals(new ChangePoints(program.spec()).compute(events), emitted(program, harness));
    }
  }

  /**
   * The online record's as-of time moves past every event, even one whose values, once the
   * watermark has expired an older event, equal what was last published: readers judge the TTL from
   * the as-of time ({@code OnlineExpiry}), so an as-of left before a newer event would expire a
   * live entity. Here the third event (delay 10) brings the count to 3 and, once the first (delay
   * 10) leaves the hour, the values are again those after the second: (2, 15.0).
   */
  @Test
  void theOnlineAsOfPassesAnEventThatEndsWithUnchangedValues() throws Exception {
    ViewProgram program = delays();
    try (KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, HistoryChange> harness =
        harness(new ViewMaterializer(List.of(program)))) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(viewEvent(program, Event.of(0, true, 10L)), 0);
      harness.setProcessingTime(OnlinePublisher.INTERVAL_MILLIS);
      harness.processElement(viewEvent(program, Event.of(30 * MINUTE, true, 20L)), 30 * MINUTE);
      harness.setProcessingTime(2 * OnlinePublisher.INTERVAL_MILLIS);
      long third = 64 * MINUTE;
      harness.processElement(viewEvent(program, Event.of(third, true, 10L)), third);
      harness.processWatermark(70 * MINUTE); // the first event leaves the hour before publication
      harness.setProcessingTime(3 * OnlinePublisher.INTERVAL_MILLIS);

      List<OnlineUpdate> published = new ArrayList<>();
      harness.getSideOutput(OnlinePublisher.ONLINE).forEach(r -> published.add(r.getValue()));
      OnlineUpdate last = published.get(published.size() - 1);
      assertEquals(List.of(2L, 15.0), List.of(last.values()), "published: " + published);
      assertTrue(last.asOf() > third, "as of after the newest event; published: " + published);
    }
  }

  /**
   * A stream that continues a backfill reads the events before the cut to warm its windows and
   * writes exactly the change points at or after the cut: with the backfill's rows (before the cut)
   * that is every change point once. Random events, seed printed.
   */
  @Test
  void aStreamWithACutWritesExactlyTheChangePointsFromTheCut() throws Exception {
    ViewProgram program = delays();
    long seed = System.nanoTime();
    java.util.Random random = new java.util.Random(seed);
    List<Event> events = new ArrayList<>();
    long time = 0;
    for (int i = 0; i < 200; i++) {
      time += random.nextInt((int) (20 * MINUTE));
      events.add(Event.of(time, true, (long) random.nextInt(120)));
    }
    long cut = events.get(100).eventTimeMillis() - random.nextInt((int) HOUR);

    try (KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, HistoryChange> harness =
        harness(new ViewMaterializer(List.of(program), cut))) {
      harness.open();
      for (Event event : events) {
        harness.processElement(viewEvent(program, event), event.eventTimeMillis());
        harness.processWatermark(event.eventTimeMillis() - 1);
      }
      harness.processWatermark(Long.MAX_VALUE);

      List<ChangePoint> all = new ChangePoints(program.spec()).compute(events);
      List<ChangePoint> backfilled = all.stream().filter(p -> p.validFrom() < cut).toList();
      List<ChangePoint> streamed = emitted(program, harness);
      assertEquals(
          all.stream().filter(p -> p.validFrom() >= cut).toList(), streamed, "seed " + seed);
      List<ChangePoint> together = new ArrayList<>(backfilled);
      together.addAll(streamed);
      assertEquals(all, together, "each change point once, seed " + seed);
    }
  }

  /**
   * An upgrade changed the view: a new version at the same position, restored from a snapshot of
   * the old one. The old version's timers and publication flag, keyed by the old version, fire into
   * nothing (they only drop its state): nothing is emitted or published, and the new version's own
   * events then give exactly its change points.
   */
  @Test
  void timersOfAChangedViewsOldVersionFireIntoNothing() throws Exception {
    ViewProgram old = delays();
    ViewProgram changed =
        delays(
            folder.resolve("changed"),
            "      - {name: flights_2h, aggregation: count, window: 2h}\n");
    OperatorSubtaskState snapshot;
    try (KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, HistoryChange> harness =
        harness(new ViewMaterializer(List.of(old)))) {
      harness.open();
      harness.setProcessingTime(0);
      harness.processElement(viewEvent(old, Event.of(0, true, 10L)), 0);
      snapshot = harness.snapshot(1, 1);
    }
    try (KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, HistoryChange> harness =
        harness(new ViewMaterializer(List.of(changed)))) {
      harness.initializeState(snapshot);
      harness.open();
      harness.setProcessingTime(MINUTE); // the old version's pending publication
      harness.processWatermark(3 * HOUR); // its next changes
      assertEquals(List.of(), emitted(changed, harness), "no rows from the old version's timers");
      var published = harness.getSideOutput(OnlinePublisher.ONLINE);
      assertEquals(0, published == null ? 0 : published.size(), "nothing published");

      List<Event> events = List.of(Event.of(4 * HOUR, true, 30L, true));
      harness.processElement(viewEvent(changed, events.get(0)), 4 * HOUR);
      harness.processWatermark(Long.MAX_VALUE);
      assertEquals(new ChangePoints(changed.spec()).compute(events), emitted(changed, harness));
    }
  }

  /**
   * Views added before the others (a new view, a changed view's new version beside the old one)
   * move every view to another position: each view version's restored state and timers are still
   * its own, so every history is exactly the core's over all of the version's events, and the new
   * view's is over its events after the restore. Random events, seed printed.
   */
  @Test
  void restoredStateStaysWithItsViewVersionWhenViewsAreAddedBeforeAndReordered() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    List<ViewProgram> views = views(folder);
    ViewProgram a = views.get(0);
    ViewProgram b = views.get(1);
    ViewProgram added = views.get(2);
    List<Event> aBefore = events(random, 0), bBefore = events(random, 0);
    List<Event> aAfter = events(random, 3 * HOUR), bAfter = events(random, 3 * HOUR);
    List<Event> addedAfter = events(random, 3 * HOUR);

    OperatorSubtaskState snapshot;
    List<ChangePoint> aEmitted, bEmitted;
    try (KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, HistoryChange> harness =
        harness(new ViewMaterializer(List.of(a, b)))) {
      harness.open();
      feed(harness, 0, a, aBefore);
      feed(harness, 1, b, bBefore);
      harness.processWatermark(3 * HOUR - 1);
      aEmitted = new ArrayList<>(emitted(a, 0, harness));
      bEmitted = new ArrayList<>(emitted(b, 1, harness));
      snapshot = harness.snapshot(1, 1);
    }
    try (KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, HistoryChange> harness =
        harness(new ViewMaterializer(List.of(added, b, a)))) {
      harness.initializeState(snapshot);
      harness.open();
      feed(harness, 2, a, aAfter);
      feed(harness, 1, b, bAfter);
      feed(harness, 0, added, addedAfter);
      harness.processWatermark(Long.MAX_VALUE);
      aEmitted.addAll(emitted(a, 2, harness));
      bEmitted.addAll(emitted(b, 1, harness));

      assertEquals(changePoints(a, aBefore, aAfter), aEmitted, "a, seed " + seed);
      assertEquals(changePoints(b, bBefore, bAfter), bEmitted, "b, seed " + seed);
      assertEquals(
          changePoints(added, List.of(), addedAfter),
          emitted(added, 0, harness),
          "the added view, seed " + seed);
    }
  }

  /**
   * A view version the restored job no longer materializes: its timers drop its state (change
   * points and publication flags) instead of carrying it from savepoint to savepoint, and the view
   * that stays, now at the removed one's position, continues its own history.
   */
  @Test
  void aRemovedViewVersionsStateIsDroppedByItsTimers() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    List<ViewProgram> views = views(folder);
    ViewProgram removed = views.get(0);
    ViewProgram kept = views.get(1);
    List<Event> before = events(random, 0);
    List<Event> after = events(random, 3 * HOUR);

    OperatorSubtaskState snapshot;
    List<ChangePoint> keptEmitted;
    try (KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, HistoryChange> harness =
        harness(new ViewMaterializer(List.of(removed, kept)))) {
      harness.open();
      harness.setProcessingTime(0);
      feed(harness, 0, removed, events(random, 0));
      feed(harness, 1, kept, before);
      harness.processWatermark(3 * HOUR - 1);
      keptEmitted = new ArrayList<>(emitted(kept, 1, harness));
      snapshot = harness.snapshot(1, 1);
    }
    try (KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, HistoryChange> harness =
        harness(new ViewMaterializer(List.of(kept)))) {
      harness.initializeState(snapshot);
      harness.open();
      harness.setProcessingTime(MINUTE);
      feed(harness, 0, kept, after);
      harness.processWatermark(4 * HOUR); // past the removed version's lookback, not the kept one's
      assertEquals(
          entriesOfOnly(kept, before, after),
          harness.numKeyedStateEntries(),
          "only the kept view's state is left, seed " + seed);
      harness.processWatermark(Long.MAX_VALUE);
      keptEmitted.addAll(emitted(kept, 0, harness));
      assertEquals(changePoints(kept, before, after), keptEmitted, "seed " + seed);
      var published = harness.getSideOutput(OnlinePublisher.ONLINE);
      assertTrue(
          published == null
              || published.stream()
                  .allMatch(u -> u.getValue().view().equals(kept.view().versionedName())),
          "nothing published for the removed version");
    }
  }

  /** The state entries a job that only ever had {@code view} holds for these events. */
  private static int entriesOfOnly(ViewProgram view, List<Event> before, List<Event> after)
      throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, HistoryChange> harness =
        harness(new ViewMaterializer(List.of(view)))) {
      harness.open();
      harness.setProcessingTime(0);
      feed(harness, 0, view, before);
      harness.processWatermark(3 * HOUR - 1);
      harness.setProcessingTime(MINUTE);
      feed(harness, 0, view, after);
      harness.processWatermark(4 * HOUR);
      return harness.numKeyedStateEntries();
    }
  }

  /** 20 events of one airport in [from, from + 3h), in time order. */
  private static List<Event> events(Random random, long from) {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      times.add(from + random.nextInt((int) (3 * HOUR)));
    }
    times.sort(null);
    return times.stream().map(t -> Event.of(t, true, (long) random.nextInt(120))).toList();
  }

  private static List<ChangePoint> changePoints(
      ViewProgram program, List<Event> before, List<Event> after) {
    List<Event> all = new ArrayList<>(before);
    all.addAll(after);
    return new ChangePoints(program.spec()).compute(all);
  }

  private static void feed(
      KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, HistoryChange> harness,
      int index,
      ViewProgram program,
      List<Event> events)
      throws Exception {
    for (Event event : events) {
      ViewEvent viewEvent = viewEvent(program, event);
      viewEvent.view = index;
      harness.processElement(viewEvent, event.eventTimeMillis());
    }
  }

  /** Three views of one source with the same inputs and different windows and TTLs. */
  private static List<ViewProgram> views(Path dir) throws Exception {
    Files.createDirectories(dir);
    StringBuilder yaml =
        new StringBuilder(
            """
            entities: [{name: airport, keys: {airport: string}}]
            sources:
              - {name: flights, topic: flights, schema: {date: timestamp, delay: long, origin: string}, event_time: date}
            feature_views:
            """);
    List<String> names = List.of("short_delays", "long_delays", "added_delays");
    for (int i = 0; i < names.size(); i++) {
      yaml.append(
          """
            - name: %s
              entity: airport
              source: flights
              keys: {airport: origin}
              ttl: %dm
              features:
                - {name: flights, aggregation: count, window: %dm, hop: 5m}
                - {name: mean_delay, aggregation: avg, input: delay, window: %dm, hop: 5m}
          """
              .formatted(names.get(i), 30 + 60 * i, 30 + 60 * i, 60 + 60 * i));
    }
    Files.writeString(dir.resolve("defs.yaml"), yaml);
    FeatureRepository repository = FeatureRepository.load(dir);
    return names.stream().map(n -> ViewProgram.of(repository.view(n).orElseThrow())).toList();
  }

  private ViewProgram delays() throws Exception {
    return delays(folder, "");
  }

  /** The test view, defined in {@code dir}, with {@code moreFeatures} (YAML lines) added. */
  private static ViewProgram delays(Path dir, String moreFeatures) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("defs.yaml"),
        """
        entities: [{name: airport, keys: {airport: string}}]
        sources:
          - {name: flights, topic: flights, schema: {date: timestamp, delay: long, origin: string}, event_time: date}
        feature_views:
          - name: delays
            entity: airport
            source: flights
            keys: {airport: origin}
            ttl: 2h
            features:
              - {name: flights_1h, aggregation: count, window: 1h}
              - {name: mean_delay_1h, aggregation: avg, input: delay, window: 1h}
        """
            + moreFeatures);
    return ViewProgram.of(FeatureRepository.load(dir).view("delays").orElseThrow());
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, HistoryChange> harness(
      ViewMaterializer materializer) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(materializer), materializer.keys(), Types.STRING);
  }

  private static List<ChangePoint> emitted(
      ViewProgram program,
      KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, HistoryChange> harness) {
    return emitted(program, 0, harness);
  }

  /** The history rows emitted for the view at {@code index} of the harness's job. */
  private static List<ChangePoint> emitted(
      ViewProgram program,
      int index,
      KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, HistoryChange> harness) {
    List<ChangePoint> emitted = new ArrayList<>();
    for (Object output : harness.getOutput()) {
      if (output instanceof StreamRecord<?> record
          && record.getValue() instanceof HistoryChange change
          && change.view == index) {
        emitted.add(
            new ChangePoint(
                change.validFrom, ViewValuesCodec.decodeValues(program.spec(), change.values)));
      }
    }
    return emitted;
  }

  private static ViewEvent viewEvent(ViewProgram program, Event event) {
    return new ViewEvent(
        0,
        "SFO",
        event.eventTimeMillis(),
        ViewValuesCodec.encodeInputs(program.spec(), event.inputs()));
  }
}
