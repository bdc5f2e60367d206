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
    Files.writeString(
        folder.resolve("defs.yaml"),
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
        """);
    ViewProgram program =
        ViewProgram.of(FeatureRepository.load(folder).view("delays").orElseThrow());
    List<Event> events =
        List.of(
            Event.of(0, true, 10L),
            Event.of(10 * MINUTE, true, 20L),
            Event.of(5 * HOUR, true, 30L));

    try (KeyedOneInputStreamOperatorTestHarness<String, ViewEvent, HistoryChange> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new ViewMaterializer(List.of(program))),
            ViewEvent::partitionKey,
            Types.STRING)) {
      harness.open();
      harness.processElement(viewEvent(program, events.get(0)), 0);
      harness.processElement(viewEvent(program, events.get(1)), 10 * MINUTE);
      harness.processWatermark(3 * HOUR);
      assertEquals(
          0, harness.numKeyedStateEntries(), "idle beyond 1h + 5m and the 2h TTL: no state left");
      harness.processElement(viewEvent(program, events.get(2)), 5 * HOUR);
      harness.processWatermark(Long.MAX_VALUE);

      List<ChangePoint> emitted = new ArrayList<>();
      for (Object output : harness.getOutput()) {
        if (output instanceof StreamRecord<?> record
            && record.getValue() instanceof HistoryChange change) {
          emitted.add(
              new ChangePoint(
                  change.validFrom, ViewValuesCodec.decodeValues(program.spec(), change.values)));
        }
      }
      assertEquals(new ChangePoints(program.spec()).compute(events), emitted);
    }
  }

  private static ViewEvent viewEvent(ViewProgram program, Event event) {
    return new ViewEvent(
        0,
        "SFO",
        event.eventTimeMillis(),
        ViewValuesCodec.encodeInputs(program.spec(), event.inputs()));
  }
}
