package dev.tributary.flink.materialize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.core.window.ChangePoints;
import dev.tributary.core.window.Event;
import dev.tributary.flink.records.HistoryChange;
import dev.tributary.flink.records.ViewEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
   * the old one. The old version's timers and publication flag fire for an entity the new version
   * has no change points of: nothing is emitted or published, and the new version's own events then
   * give exactly its change points.
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
        new KeyedProcessOperator<>(materializer), ViewEvent::partitionKey, Types.STRING);
  }

  private static List<ChangePoint> emitted(
      ViewProgram program,
      KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, HistoryChange> harness) {
    List<ChangePoint> emitted = new ArrayList<>();
    for (Object output : harness.getOutput()) {
      if (output instanceof StreamRecord<?> record
          && record.getValue() instanceof HistoryChange change) {
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
