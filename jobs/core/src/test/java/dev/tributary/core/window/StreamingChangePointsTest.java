package dev.tributary.core.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.agg.Aggregation;
import dev.tributary.core.types.ValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StreamingChangePointsTest {

  private static final int CASES = 2000;

  /** An event with the time the stream delivers it: never more than the lateness after ts. */
  private record Arrival(long at, Event event) {}

  @Test
  void shuffledArrivalWithinTheLatenessGivesTheChangePointsOfSortedInput() {
    long base = Seeds.base();
    for (int c = 0; c < CASES; c++) {
      long seed = base + c;
      Random random = new Random(seed);
      RandomViews views = new RandomViews(random);
      ViewSpec view = views.view();
      List<Event> events = views.events(view, 40);
      long lateness = new long[] {0, 1, 7, 30, 200}[random.nextInt(5)];
      String context = "seed " + seed + " (-Dtributary.seed=" + seed + "), lateness " + lateness;

      List<Arrival> arrivals = arrivals(random, events, lateness);

      StreamingChangePoints state = new StreamingChangePoints(view, lateness);
      Map<StreamingChangePoints, byte[]> copiedFrom = new IdentityHashMap<>();
      TreeMap<Long, Object[]> history = new TreeMap<>();
      List<Event> accepted = new ArrayList<>();
      for (Arrival arrival : arrivals) {
        if (random.nextBoolean()) {
          // The watermark reached the arrival time: everything before it is emitted.
          long next = state.nextChangeTime();
          List<ChangePoint> rows = state.advanceTo(arrival.at());
          assertTrue(
              rows.stream().allMatch(row -> row.validFrom() >= next),
              context + ": row before nextChangeTime " + next + ": " + rows);
          apply(history, rows);
        }
        if (random.nextInt(10) == 0) {
          state = StreamingChangePoints.fromBytes(view, lateness, state.toBytes());
        } else if (random.nextInt(9) == 0) {
          // Flink's heap backend goes on with a copy while a snapshot serializes the original.
          copiedFrom.put(state, state.toBytes());
          state = state.copy();
        }
        Correction correction = state.accept(arrival.event());
        assertTrue(!correction.rejected(), context + ": rejected " + arrival);
        correction.upserted().forEach(row -> history.put(row.validFrom(), row.values()));
        correction.removed().forEach(history::remove);
        accepted.add(arrival.event());
        if (random.nextInt(4) == 0) {
          long from = Math.max(state.acceptsFrom(), arrival.event().eventTimeMillis() - 100);
          long t = from + 1 + random.nextInt(200);
          ViewValues.assertMatchesBruteForce(
              view, accepted, t, state.valuesAt(t), context + ", valuesAt");
        }
      }
      apply(history, state.advanceTo(endOfEffects(view, events)));

      List<ChangePoint> streamed = new ArrayList<>();
      history.forEach((validFrom, values) -> streamed.add(new ChangePoint(validFrom, values)));
      assertEquals(
          new ChangePoints(view).compute(events), streamed, context + ", events " + events);
      copiedFrom.forEach(
          (original, bytes) ->
              assertArrayEquals(
                  bytes, original.toBytes(), context + ": a state changed after it was copied"));
    }
  }

  /**
   * The online values, asked now and then as the job publishes them, while events come out of order
   * and the watermark folds events away: a late event goes into the online sweep's head or closed
   * tile, is skipped when its tile left the window, or forces a rebuild; events folded before the
   * sweep reached them are fed to it first; every answer must be the brute-force values of the
   * events accepted so far.
   */
  @Test
  void onlineValuesBetweenOutOfOrderArrivalsAndFoldsEqualBruteForce() {
    long base = Seeds.base();
    for (int c = 0; c < CASES; c++) {
      long seed = base + c;
      Random random = new Random(seed);
      RandomViews views = new RandomViews(random);
      ViewSpec view = views.view();
      List<Event> events = views.events(view, 40);
      long lateness = new long[] {7, 30, 200}[random.nextInt(3)];
      String context = "seed " + seed + " (-Dtributary.seed=" + seed + "), lateness " + lateness;

      List<Arrival> arrivals = arrivals(random, events, lateness);

      StreamingChangePoints state = new StreamingChangePoints(view, lateness);
      List<Event> accepted = new ArrayList<>();
      for (Arrival arrival : arrivals) {
        if (random.nextBoolean()) {
          state.advanceTo(arrival.at() - random.nextInt((int) lateness));
        }
        if (state.accept(arrival.event()).rejected()) {
          continue;
        }
        accepted.add(arrival.event());
        if (random.nextInt(3) != 0) {
          continue;
        }
        long asOf = state.onlineAsOf();
        ViewValues.assertMatchesBruteForce(
            view, accepted, asOf, state.valuesAt(asOf), context + ", online as of " + asOf);
      }
    }
  }

  /** The events in the order a stream delivers them, each at most the lateness after its time. */
  private static List<Arrival> arrivals(Random random, List<Event> events, long lateness) {
    List<Arrival> arrivals = new ArrayList<>();
    for (Event e : events) {
      arrivals.add(
          new Arrival(e.eventTimeMillis() + (long) (random.nextDouble() * (lateness + 1)), e));
    }
    arrivals.sort(Comparator.comparingLong(Arrival::at));
    return arrivals;
  }

  private static void apply(TreeMap<Long, Object[]> history, List<ChangePoint> rows) {
    rows.forEach(row -> history.put(row.validFrom(), row.values()));
  }

  /** A time after which no event of the history can change any value. */
  private static long endOfEffects(ViewSpec view, List<Event> events) {
    long last = events.stream().mapToLong(Event::eventTimeMillis).max().orElse(0);
    long longest =
        view.features().stream().mapToLong(s -> s.windowMillis() + s.hopMillis()).max().orElse(0);
    return last + longest + view.ttlMillis() + 2;
  }

  @Test
  void lateEventCorrectsExactlyTheRowsAfterIt() {
    ViewSpec view =
        ViewSpec.of(AggregateSpec.windowed("n", Aggregation.COUNT, ValueType.BOOLEAN, 10, 5));
    StreamingChangePoints state = new StreamingChangePoints(view, 100);
    state.accept(Event.of(2, true));
    state.accept(Event.of(7, true));
    assertEquals(
        List.of(
            new ChangePoint(3, new Object[] {1L}),
            new ChangePoint(8, new Object[] {2L}),
            new ChangePoint(15, new Object[] {1L}),
            new ChangePoint(20, new Object[] {0L})),
        state.advanceTo(30));
    // A late event at 1 shares tile [0, 5) with the event at 2: it adds a row at 2 and raises the
    // rows at 3 and 8; at 15 tile [0, 5) still drops to leave 1 (unchanged row), at 20 0.
    Correction correction = state.accept(Event.of(1, true));
    assertEquals(
        List.of(
            new ChangePoint(2, new Object[] {1L}),
            new ChangePoint(3, new Object[] {2L}),
            new ChangePoint(8, new Object[] {3L})),
        correction.upserted());
    assertEquals(List.of(), correction.removed());
  }

  @Test
  void lateEventRemovesRowsWhoseValueNoLongerChanges() {
    ViewSpec view = ViewSpec.of(AggregateSpec.lifetime("m", Aggregation.MAX, ValueType.LONG));
    StreamingChangePoints state = new StreamingChangePoints(view, 100);
    state.accept(Event.of(2, 5L));
    assertEquals(List.of(new ChangePoint(3, new Object[] {5L})), state.advanceTo(30));
    Correction correction = state.accept(Event.of(1, 5L));
    assertEquals(List.of(new ChangePoint(2, new Object[] {5L})), correction.upserted());
    assertEquals(List.of(3L), correction.removed(), "max is already 5 at 3: no change there");
  }

  /**
   * Expiries are read off the retained events; once an entity's events are all folded into tiles,
   * the newest one's expiry must still come next and be emitted.
   */
  @Test
  void entityExpiresOnTimeAfterItsEventsWereFolded() {
    ViewSpec view =
        new ViewSpec(
            List.of(AggregateSpec.lifetime("n", Aggregation.COUNT, ValueType.BOOLEAN)), 50);
    StreamingChangePoints state = new StreamingChangePoints(view, 0);
    state.accept(Event.of(10, true));
    state.accept(Event.of(20, true));
    assertEquals(
        List.of(new ChangePoint(11, new Object[] {1L}), new ChangePoint(21, new Object[] {2L})),
        state.advanceTo(40));
    assertEquals(1, state.retainedEventsAndTiles(), "both events folded into the lifetime tile");
    assertEquals(71, state.nextChangeTime(), "the newest event at 20 expires at 20 + 50 + 1");
    assertEquals(List.of(new ChangePoint(71, new Object[] {null})), state.advanceTo(100));
  }

  @Test
  void eventOlderThanTheLatenessIsRejectedAndChangesNothing() {
    ViewSpec view = ViewSpec.of(AggregateSpec.lifetime("n", Aggregation.COUNT, ValueType.BOOLEAN));
    StreamingChangePoints state = new StreamingChangePoints(view, 10);
    state.accept(Event.of(50, true));
    state.advanceTo(100);
    assertEquals(90, state.acceptsFrom());
    assertTrue(state.accept(Event.of(89, true)).rejected());
    assertTrue(state.accept(Event.of(90, true)).upserted().size() == 1);
  }

  @Test
  void restoredStateBehavesExactlyLikeTheOriginal() {
    long seed = Seeds.base();
    Random random = new Random(seed);
    RandomViews views = new RandomViews(random);
    for (int c = 0; c < 200; c++) {
      ViewSpec view = views.view();
      List<Event> events = views.events(view, 40);
      StreamingChangePoints original = new StreamingChangePoints(view, 20);
      events.subList(0, events.size() / 2).forEach(original::accept);
      long middle = events.isEmpty() ? 0 : events.get(events.size() / 2).eventTimeMillis();
      original.advanceTo(middle);
      // Not byte-identical: in its exact list/set mode an HLL's compact image can change on a
      // round trip (same estimate), so equal behaviour is what is checked.
      StreamingChangePoints restored =
          StreamingChangePoints.fromBytes(view, 20, original.toBytes());
      assertEquals(original.acceptsFrom(), restored.acceptsFrom(), "seed " + seed);
      for (Event e : events.subList(events.size() / 2, events.size())) {
        assertEquals(original.accept(e), restored.accept(e), "seed " + seed);
      }
      long end = endOfEffects(view, events);
      assertEquals(original.advanceTo(end), restored.advanceTo(end), "seed " + seed);
    }
  }

  @Test
  void stateStaysBoundedOnALongStream() {
    ViewSpec view =
        new ViewSpec(
            List.of(
                AggregateSpec.windowed("n", Aggregation.COUNT, ValueType.LONG, 100, 10),
                AggregateSpec.lifetime("s", Aggregation.SUM, ValueType.LONG),
                new AggregateSpec("q", Aggregation.APPROX_QUANTILE, ValueType.LONG, 50, 5, 0, 0.5)),
            0);
    StreamingChangePoints state = new StreamingChangePoints(view, 20);
    int maxRetained = 0;
    for (long t = 0; t < 20_000; t += 3) {
      state.accept(Event.of(t, t, t, t));
      state.advanceTo(t);
      maxRetained = Math.max(maxRetained, state.retainedEventsAndTiles());
    }
    // 100/10 + 50/5 tiles (+ 1 each at the edges), a lifetime state, ~(20 + 10) / 3 events.
    assertTrue(maxRetained < 40, "retained " + maxRetained);
    assertTrue(state.toBytes().length < 10_000, "bytes " + state.toBytes().length);
  }
}
