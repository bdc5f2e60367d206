package dev.tributary.flink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * A random feature repository on disk (two entities, several views of exact aggregations with
 * random windows, hops and TTLs, lifetime features), random events with distinct times, and a spine
 * whose times sit at event times, at valid_froms (event + 1 ms, tail drops, TTL expiries), one
 * millisecond before them, and at random; with the contract written out by brute force to check a
 * training set against. Sources reject empty values, so every event has its input (null inputs are
 * the core tests' business).
 */
public final class RandomTrainingCase {
  public static final long BASE = 978_307_200_000L; // 2001-01-01T00:00:00Z
  private static final long MINUTE = 60_000;
  private static final String[] FUNCTIONS = {"count", "sum", "avg", "min", "max", "last"};
  private static final String[] KS = {"a", "b", "c"};
  private static final String[] JS = {"x", "y"};

  public record Feature(String name, String function, long window, long hop) {}

  public record View(String name, boolean pair, long ttl, List<Feature> features) {}

  public record Row(long time, String k, String j, Long x) {}

  public final List<View> views = new ArrayList<>();
  public final List<Row> events = new ArrayList<>();
  public final List<Row> spine = new ArrayList<>();

  private RandomTrainingCase() {}

  /**
   * One view whose {@code max} over 15 minutes (hop 3, TTL 26 minutes) stays -5 for three hours,
   * held by an event of -5 every ten minutes: the history gets a row at the first event and none
   * until the value expires, so from the third hour on the row in effect is older than the window
   * and the TTL. The spine covers the third and fourth hours every seven minutes.
   */
  public static RandomTrainingCase heldMax() {
    RandomTrainingCase held = new RandomTrainingCase();
    held.views.add(
        new View(
            "v0", false, 26 * MINUTE, List.of(new Feature("f0", "max", 15 * MINUTE, 3 * MINUTE))));
    for (long time = BASE; time < BASE + 180 * MINUTE; time += 10 * MINUTE) {
      held.events.add(new Row(time, "c", "x", -5L));
    }
    for (long time = BASE + 120 * MINUTE; time < BASE + 240 * MINUTE; time += 7 * MINUTE) {
      held.spine.add(new Row(time, "c", "x", (long) held.spine.size()));
    }
    return held;
  }

  public RandomTrainingCase(Random random) {
    int viewCount = 2 + random.nextInt(2);
    for (int v = 0; v < viewCount; v++) {
      List<Feature> features = new ArrayList<>();
      int size = 1 + random.nextInt(3);
      for (int f = 0; f < size; f++) {
        String function = FUNCTIONS[random.nextInt(FUNCTIONS.length)];
        if (random.nextInt(5) == 0) {
          features.add(new Feature("f" + f, function, 0, 0));
        } else {
          long hop = (1 + random.nextInt(5)) * MINUTE;
          features.add(new Feature("f" + f, function, hop * (1 + random.nextInt(6)), hop));
        }
      }
      long ttl = random.nextBoolean() ? 0 : (5 + random.nextInt(40)) * MINUTE;
      views.add(new View("v" + v, v % 2 == 1, ttl, features));
    }
    TreeSet<Long> times = new TreeSet<>();
    while (times.size() < 60 + random.nextInt(60)) {
      times.add(
          BASE
              + random.nextInt(180) * MINUTE
              + (random.nextBoolean() ? 0 : random.nextInt((int) MINUTE)));
    }
    for (long time : times) {
      events.add(
          new Row(
              time,
              KS[random.nextInt(KS.length)],
              JS[random.nextInt(JS.length)],
              (long) random.nextInt(41) - 20));
    }
    TreeSet<Long> spineTimes = new TreeSet<>();
    for (Row e : events) {
      spineTimes.add(e.time);
      spineTimes.add(e.time + 1);
      for (View view : views) {
        if (view.ttl > 0) {
          spineTimes.add(e.time + view.ttl);
          spineTimes.add(e.time + view.ttl + 1);
        }
        for (Feature f : view.features) {
          if (f.window > 0) {
            long drop = (Math.floorDiv(e.time, f.hop) + 1) * f.hop + f.window;
            spineTimes.add(drop - 1);
            spineTimes.add(drop);
          }
        }
      }
    }
    for (int i = 0; i < 50; i++) {
      spineTimes.add(BASE - 30 * MINUTE + random.nextInt(300) * MINUTE + random.nextInt(1000));
    }
    List<Long> chosen = new ArrayList<>(spineTimes);
    java.util.Collections.shuffle(chosen, random);
    for (long time : chosen.subList(0, Math.min(400, chosen.size()))) {
      spine.add(
          new Row(
              time,
              KS[random.nextInt(KS.length)],
              JS[random.nextInt(JS.length)],
              (long) spine.size()));
    }
  }

  /** Writes entities, sources (events and spine files) and views under {@code root}. */
  public void write(Path root) throws IOException {
    Files.createDirectories(root.resolve("views"));
    Files.writeString(
        root.resolve("entities.yaml"),
        """
        entities:
          - {name: thing, keys: {k: string}}
          - {name: pair, keys: {a: string, b: string}}
        """);
    Files.writeString(
        root.resolve("sources.yaml"),
        """
        sources:
          - name: events
            files: {path: events.csv, format: csv}
            schema: {ts: timestamp, k: string, j: string, x: long}
            event_time: ts
          - name: spine
            files: {path: spine.csv, format: csv}
            schema: {ts: timestamp, k: string, j: string, x: long}
            event_time: ts
        """);
    StringBuilder yaml = new StringBuilder("feature_views:\n");
    for (View view : views) {
      yaml.append("  - name: ").append(view.name).append("\n    source: events\n");
      yaml.append(view.pair ? "    entity: pair\n    keys: {a: k, b: j}\n" : "    entity: thing\n");
      if (view.ttl > 0) {
        yaml.append("    ttl: ").append(view.ttl / MINUTE).append("m\n");
      }
      yaml.append("    features:\n");
      for (Feature f : view.features) {
        yaml.append("      - {name: ").append(f.name).append(", aggregation: ").append(f.function);
        if (!f.function.equals("count")) {
          yaml.append(", input: x");
        }
        if (f.window > 0) {
          yaml.append(", window: ")
              .append(f.window / MINUTE)
              .append("m, hop: ")
              .append(f.hop / MINUTE)
              .append("m");
        }
        yaml.append("}\n");
      }
    }
    Files.writeString(root.resolve("views/random.yaml"), yaml);
    Files.writeString(root.resolve("events.csv"), csv(events));
    Files.writeString(root.resolve("spine.csv"), csv(spine));
  }

  private static String csv(List<Row> rows) {
    StringBuilder text = new StringBuilder("ts,k,j,x\n");
    for (Row row : rows) {
      text.append(row.time)
          .append(',')
          .append(row.k)
          .append(',')
          .append(row.j)
          .append(',')
          .append(row.x == null ? "" : row.x)
          .append('\n');
    }
    return text.toString();
  }

  /** The view's values for the spine row, straight from the contract in docs/semantics.md. */
  public List<Object> expected(View view, Row spineRow) {
    long t = spineRow.time;
    List<Row> mine =
        events.stream()
            .filter(
                e -> e.k.equals(spineRow.k) && (!view.pair || e.j.equals(spineRow.j)) && e.time < t)
            .toList();
    List<Object> values = new ArrayList<>();
    boolean expired =
        view.ttl > 0 && (mine.isEmpty() || mine.get(mine.size() - 1).time < t - view.ttl);
    for (Feature f : view.features) {
      long start = f.window == 0 ? Long.MIN_VALUE : Math.floorDiv(t - f.window, f.hop) * f.hop;
      List<Row> window = mine.stream().filter(e -> e.time >= start).toList();
      List<Long> xs = window.stream().map(Row::x).filter(x -> x != null).toList();
      Object value =
          switch (f.function) {
            case "count" -> (long) window.size();
            case "sum" -> xs.stream().mapToLong(Long::longValue).sum();
            case "avg" ->
                xs.isEmpty()
                    ? null
                    : (Object) ((double) xs.stream().mapToLong(Long::longValue).sum() / xs.size());
            case "min" -> xs.stream().min(Long::compare).orElse(null);
            case "max" -> xs.stream().max(Long::compare).orElse(null);
            default -> xs.isEmpty() ? null : xs.get(xs.size() - 1);
          };
      values.add(expired ? null : value);
    }
    return values;
  }
}
