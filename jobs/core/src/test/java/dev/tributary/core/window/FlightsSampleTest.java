package dev.tributary.core.window;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.RepositoryPaths;
import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.TextRowParser;
import dev.tributary.core.records.TimestampRange;
import dev.tributary.core.view.ViewInput;
import dev.tributary.core.view.ViewProgram;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Every feature of the example definitions on real flights (the first two days of the committed
 * sample): the sweep, the change points and their as-of lookup all equal the brute-force scan, at
 * every change point, 1 ms before it, and at random times, for every airport and route.
 */
class FlightsSampleTest {
  @Test
  void everyExampleFeatureEqualsBruteForceOnRealFlights() throws IOException {
    FeatureRepository repository = FeatureRepository.load(RepositoryPaths.exampleDefinitions());
    Source flights = repository.source("flights").orElseThrow();
    List<ParsedEvent> events = readSample(flights, "2001-01-03");
    assertTrue(events.size() > 25_000, "two days of flights, got " + events.size());
    long seed = Seeds.base();
    Random random = new Random(seed);
    for (FeatureView view : repository.views()) {
      ViewProgram program = ViewProgram.of(view);
      ChangePoints changePoints = new ChangePoints(program.spec());
      PointInTimeEvaluator sweep = new PointInTimeEvaluator(program.spec());
      for (Map.Entry<String, List<Event>> entity : byEntity(program, events).entrySet()) {
        List<Event> entityEvents = entity.getValue();
        List<ChangePoint> rows = changePoints.compute(entityEvents);
        long[] times = queryTimes(rows, entityEvents, random);
        Object[][] swept = sweep.evaluate(entityEvents, times);
        for (int q = 0; q < times.length; q++) {
          String context = view.name() + " " + entity.getKey() + " (seed " + seed + ")";
          ViewValues.assertMatchesBruteForce(
              program.spec(), entityEvents, times[q], swept[q], context + ", sweep");
          ViewValues.assertMatchesBruteForce(
              program.spec(),
              entityEvents,
              times[q],
              changePoints.valuesAsOf(rows, times[q]),
              context + ", as-of lookup over change points");
        }
      }
    }
  }

  /** Each change point, 1 ms before it, and random times across the entity's span, sorted. */
  private static long[] queryTimes(List<ChangePoint> rows, List<Event> events, Random random) {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < rows.size(); i += Math.max(1, rows.size() / 40)) {
      times.add(rows.get(i).validFrom());
      times.add(rows.get(i).validFrom() - 1);
    }
    long first = events.stream().mapToLong(Event::eventTimeMillis).min().orElseThrow();
    long last =
        events.stream().mapToLong(Event::eventTimeMillis).max().orElseThrow() + 9L * 86_400_000L;
    for (int i = 0; i < 20; i++) {
      times.add(first + (long) (random.nextDouble() * (last - first)));
    }
    return times.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  private static Map<String, List<Event>> byEntity(ViewProgram program, List<ParsedEvent> events) {
    Map<String, List<Event>> byEntity = new TreeMap<>();
    for (ParsedEvent parsed : events) {
      Optional<ViewInput> input = program.extract(parsed.row(), parsed.eventTime());
      input.ifPresent(
          i -> byEntity.computeIfAbsent(i.encodedKey(), k -> new ArrayList<>()).add(i.event()));
    }
    return byEntity;
  }

  private static List<ParsedEvent> readSample(Source flights, String scheduledBefore)
      throws IOException {
    TextRowParser parser = new TextRowParser(flights, TimestampRange.DEFAULT);
    List<ParsedEvent> events = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(flights.files().orElseThrow().path())),
                StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine();
          line != null && line.compareTo(scheduledBefore) < 0;
          line = reader.readLine()) {
        ParseOutcome outcome = parser.parse(line.split(",", -1));
        events.add((ParsedEvent) outcome);
      }
    }
    return events;
  }
}
