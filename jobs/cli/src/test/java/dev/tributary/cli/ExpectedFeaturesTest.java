package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.types.RowSchema;
import dev.tributary.core.view.ViewInput;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.core.window.ChangePoints;
import dev.tributary.core.window.Event;
import dev.tributary.io.file.EventFileReader;
import dev.tributary.io.file.EventIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The demo's incremental reference against the core's whole-history computation ({@link
 * ChangePoints#compute} over every event of each entity, what the demo used before): at every pause
 * of a replay, the values it gives as of any time it still keeps, and after the last event the
 * digest of every entity's rows, must be those of the whole history. On randomized flights (a
 * replayable seed: many entities sharing milliseconds, gaps longer than the 7-day windows and the
 * TTL, so that states fold, drop tiles and expire) and on the committed sample's first days.
 */
class ExpectedFeaturesTest {
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;
  private static final long START = 978_307_200_000L; // 2001-01-01T00:00Z

  private final FeatureRepository repository =
      FeatureRepository.load(Checkout.exampleDefinitions());
  private final List<ViewProgram> programs =
      repository.views().stream().map(ViewProgram::of).toList();
  private final Source flights = repository.source("flights").orElseThrow();

  @Test
  void randomizedFlightsGiveTheWholeHistorysValuesAndDigests() {
    for (long seed = 1; seed <= 3; seed++) {
      Random random = new Random(seed);
      List<ParsedEvent> events = randomFlights(random, 4_000, 20);
      checkAgainstWholeHistory(events, random, "seed " + seed);
    }
  }

  @Test
  void theSamplesFirstDaysGiveTheWholeHistorysValuesAndDigests() throws Exception {
    List<ParsedEvent> events = new ArrayList<>();
    try (EventIterator iterator = EventFileReader.of(flights).open()) {
      while (iterator.hasNext()) {
        ParseOutcome outcome = iterator.next();
        if (outcome instanceof ParsedEvent event && event.eventTime() < START + 4 * DAY) {
          events.add(event);
        }
      }
    }
    assertTrue(events.size() > 10_000, "the sample's first days hold " + events.size());
    checkAgainstWholeHistory(events, new Random(7), "sample");
  }

  @Test
  void aDigestTellsRowsApartButNotTheirOrder() {
    ViewProgram program = programs.get(0);
    Object[] values = program.spec().valuesWithoutEvents();
    Object[] other = values.clone();
    for (int i = 0; i < other.length; i++) {
      if (!ExpectedFeatures.isSketch(program, i)) {
        other[i] = other[i] instanceof Long ? 1L : 1.5;
        break;
      }
    }
    RowDigest ab = digest(program, new ChangePoint(1, values), new ChangePoint(2, other));
    assertEquals(ab, digest(program, new ChangePoint(2, other), new ChangePoint(1, values)));
    assertNotEquals(ab, digest(program, new ChangePoint(1, values), new ChangePoint(2, values)));
    assertNotEquals(ab, digest(program, new ChangePoint(1, values), new ChangePoint(3, other)));
    assertNotEquals(
        ab,
        digest(
            program,
            new ChangePoint(1, values),
            new ChangePoint(2, other),
            new ChangePoint(2, other)));
  }

  private static RowDigest digest(ViewProgram program, ChangePoint... rows) {
    RowDigest digest = new RowDigest();
    for (ChangePoint row : rows) {
      digest.add(program, row);
    }
    return digest;
  }

  /**
   * Replays {@code events} in event-time order into the reference, pausing every hour (and at
   * random instants between), and compares with the whole history of every entity.
   */
  private void checkAgainstWholeHistory(List<ParsedEvent> unsorted, Random random, String what) {
    List<ParsedEvent> events = new ArrayList<>(unsorted);
    events.sort(Comparator.comparingLong(ParsedEvent::eventTime));
    Map<String, Map<String, List<ChangePoint>>> whole = wholeHistory(events);
    ExpectedFeatures reference = new ExpectedFeatures(programs);
    long first = events.get(0).eventTime();
    long pause = Math.floorDiv(first, HOUR) * HOUR + HOUR;
    Map<String, Map<String, Long>> touched = new HashMap<>();
    int lookups = 0;
    int index = 0;
    while (index < events.size()) {
      ParsedEvent event = events.get(index);
      if (event.eventTime() >= pause) {
        lookups += checkPause(reference, whole, touched, pause, random, what);
        touched.clear();
        pause += random.nextInt(4) == 0 ? 1 + random.nextInt((int) HOUR) : HOUR;
        continue;
      }
      reference.accept(event);
      for (ViewProgram program : programs) {
        program
            .extract(event.row(), event.eventTime())
            .ifPresent(
                input ->
                    touched
                        .computeIfAbsent(name(program), k -> new HashMap<>())
                        .merge(input.encodedKey(), event.eventTime(), Math::max));
      }
      index++;
    }
    long end = events.get(events.size() - 1).eventTime() + 1;
    lookups += checkPause(reference, whole, touched, end, random, what);
    reference.finish();
    for (ViewProgram program : programs) {
      Map<String, List<ChangePoint>> rows = whole.get(name(program));
      assertEquals(rows.keySet(), reference.entities(program), what);
      rows.forEach(
          (key, entityRows) -> {
            assertEquals(
                digest(program, entityRows.toArray(ChangePoint[]::new)),
                reference.digest(program, key),
                what + " " + key);
            // After the end, the newest rows (window ends and expiries after the last event).
            long last = entityRows.get(entityRows.size() - 1).validFrom();
            for (long asOf : new long[] {end - HOUR, end, last, last + DAY}) {
              assertValues(program, entityRows, reference, key, asOf, what);
            }
          });
    }
    assertTrue(lookups > 1_000, what + ": only " + lookups + " lookups compared");
  }

  /**
   * At a pause: the entities touched since the last are those with an event since; the values as of
   * their newest event + 1 ms, as of the pause, and as of random kept times are the whole
   * history's; and as of a time after the pause the reference cannot tell.
   */
  private int checkPause(
      ExpectedFeatures reference,
      Map<String, Map<String, List<ChangePoint>>> whole,
      Map<String, Map<String, Long>> touched,
      long pause,
      Random random,
      String what) {
    reference.advanceTo(pause);
    int lookups = 0;
    for (ViewProgram program : programs) {
      Map<String, Long> expectedTouched = touched.getOrDefault(name(program), Map.of());
      assertEquals(expectedTouched, reference.takeTouched(program), what + " at " + pause);
      Map<String, List<ChangePoint>> rows = whole.get(name(program));
      for (Map.Entry<String, Long> entity : expectedTouched.entrySet()) {
        List<ChangePoint> entityRows = rows.get(entity.getKey());
        long kept = pause - reference.retentionMillis();
        long[] times = {
          entity.getValue() + 1, pause, kept + 1 + random.nextLong(pause - kept), kept + 1
        };
        for (long asOf : times) {
          assertValues(program, entityRows, reference, entity.getKey(), asOf, what);
          lookups++;
        }
        assertFalse(
            reference.valuesAt(program, entity.getKey(), pause + 1).isPresent(),
            what + ": values after the pause are not known yet");
      }
    }
    return lookups;
  }

  private static void assertValues(
      ViewProgram program,
      List<ChangePoint> entityRows,
      ExpectedFeatures reference,
      String key,
      long asOf,
      String what) {
    Optional<Object[]> values = reference.valuesAt(program, key, asOf);
    assertTrue(values.isPresent(), what + " " + key + " as of " + asOf + " is kept");
    Object[] expected = new ChangePoints(program.spec()).valuesAsOf(entityRows, asOf);
    for (int i = 0; i < expected.length; i++) {
      // A sketch's value depends on the order its events were folded in, within its error bound.
      if (!ExpectedFeatures.isSketch(program, i)) {
        assertEquals(expected[i], values.get()[i], what + " " + key + " as of " + asOf + " #" + i);
      }
    }
  }

  /** Each view's entities' change points over every event: the old, whole-history reference. */
  private Map<String, Map<String, List<ChangePoint>>> wholeHistory(List<ParsedEvent> events) {
    Map<String, Map<String, List<ChangePoint>>> whole = new HashMap<>();
    for (ViewProgram program : programs) {
      Map<String, List<Event>> byEntity = new HashMap<>();
      for (ParsedEvent event : events) {
        Optional<ViewInput> input = program.extract(event.row(), event.eventTime());
        input.ifPresent(
            i -> byEntity.computeIfAbsent(i.encodedKey(), k -> new ArrayList<>()).add(i.event()));
      }
      ChangePoints compute = new ChangePoints(program.spec());
      Map<String, List<ChangePoint>> rows = new HashMap<>();
      byEntity.forEach((key, entityEvents) -> rows.put(key, compute.compute(entityEvents)));
      whole.put(name(program), rows);
    }
    return whole;
  }

  /**
   * {@code count} flights between a few airports over {@code days}: departures on whole minutes of
   * busy hours (many share a millisecond), delays from early to hours late, and quiet stretches of
   * days with no flight at one airport or another.
   */
  private List<ParsedEvent> randomFlights(Random random, int count, int days) {
    RowSchema schema = flights.schema();
    String[] airports = {"SFO", "LAX", "ORD", "JFK", "BOS", "SEA"};
    List<ParsedEvent> events = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      long day = random.nextInt(days);
      String origin = airports[random.nextInt(airports.length)];
      // One airport is closed for days 5 to 14: its windows empty and its TTL runs out.
      if (origin.equals("BOS") && day >= 5 && day < 15) {
        origin = "SFO";
      }
      String destination = airports[random.nextInt(airports.length)];
      long date =
          START + day * DAY + (6 + random.nextInt(16)) * HOUR + random.nextInt(4) * 15 * 60_000L;
      long delay = random.nextInt(5) == 0 ? 15 + random.nextInt(240) : random.nextInt(30) - 10;
      Object[] row = new Object[schema.size()];
      row[schema.indexOf("date").orElseThrow()] = date;
      row[schema.indexOf("delay").orElseThrow()] = delay;
      row[schema.indexOf("distance").orElseThrow()] = 100L + random.nextInt(2_500);
      row[schema.indexOf("origin").orElseThrow()] = origin;
      row[schema.indexOf("destination").orElseThrow()] = destination;
      events.add(new ParsedEvent(row, date + delay * 60_000L));
    }
    return events;
  }

  private static String name(ViewProgram program) {
    return program.view().versionedName();
  }
}
