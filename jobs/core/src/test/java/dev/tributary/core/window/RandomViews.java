package dev.tributary.core.window;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.agg.Aggregation;
import dev.tributary.core.types.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongConsumer;

/**
 * Random views, event histories and query times that aim at the edges of the time contract: events
 * on hop boundaries and at query times, duplicate timestamps, negative and zero times, gaps longer
 * than the TTL, single events, lifetime windows, every function and input type.
 */
final class RandomViews {

  private static final double[] TRICKY_DOUBLES = {
    0.1, 0.2, 0.3, -0.7, 1e16, -1e16, 2.5, 3.0, 1e-30, 0.0, -0.0, 123456.789
  };
  private static final String[] STRINGS = {"", "a", "b", "ab", "é", "z"};

  private final Random random;

  RandomViews(Random random) {
    this.random = random;
  }

  ViewSpec view() {
    int size = 1 + random.nextInt(4);
    List<AggregateSpec> features = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      features.add(feature("f" + i));
    }
    long ttl = random.nextInt(3) == 0 ? new long[] {1, 5, 30, 100}[random.nextInt(4)] : 0;
    return new ViewSpec(features, ttl);
  }

  AggregateSpec feature(String name) {
    Aggregation function = Aggregation.values()[random.nextInt(Aggregation.values().length)];
    List<ValueType> types = List.of(ValueType.values()).stream().filter(function::accepts).toList();
    ValueType type = types.get(random.nextInt(types.size()));
    int lastN = function == Aggregation.LAST_N ? 1 + random.nextInt(4) : 0;
    double[] ranks = {0.0, 0.25, 0.5, 0.9, 1.0, random.nextDouble()};
    double quantile =
        function == Aggregation.APPROX_QUANTILE ? ranks[random.nextInt(ranks.length)] : 0.0;
    long hop = new long[] {1, 2, 5, 10, 60}[random.nextInt(5)];
    long window = hop * (1 + random.nextInt(6));
    if (random.nextInt(5) == 0) {
      window = 0;
      hop = 0;
    }
    return new AggregateSpec(name, function, type, window, hop, lastN, quantile);
  }

  List<Event> events(ViewSpec view, int maxEvents) {
    int count = random.nextInt(8) == 0 ? 1 : random.nextInt(maxEvents + 1);
    List<Event> events = new ArrayList<>();
    long time = -100 + random.nextInt(100);
    for (int i = 0; i < count; i++) {
      switch (random.nextInt(6)) {
        case 0 -> {} // duplicate timestamp
        case 1 -> time += 300 + random.nextInt(300); // a gap past any TTL and window
        case 2 -> {
          long hop = anyHop(view);
          time = Math.floorDiv(time, hop) * hop + hop; // on a hop boundary
        }
        default -> time += random.nextInt(12);
      }
      events.add(new Event(time, inputs(view)));
    }
    return events;
  }

  private long anyHop(ViewSpec view) {
    AggregateSpec spec = view.feature(random.nextInt(view.size()));
    return spec.isLifetime() ? 7 : spec.hopMillis();
  }

  Object[] inputs(ViewSpec view) {
    Object[] inputs = new Object[view.size()];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = random.nextInt(7) == 0 ? null : value(view.feature(i).inputType());
    }
    return inputs;
  }

  Object value(ValueType type) {
    return switch (type) {
      case BOOLEAN -> random.nextBoolean();
      case LONG ->
          switch (random.nextInt(12)) {
            case 0 -> Long.MAX_VALUE;
            case 1 -> Long.MIN_VALUE;
            case 2 -> 4_000_000_000L * (random.nextBoolean() ? 1 : -1);
            default -> (long) (random.nextInt(11) - 5);
          };
      case DOUBLE ->
          random.nextBoolean()
              ? TRICKY_DOUBLES[random.nextInt(TRICKY_DOUBLES.length)]
              : (random.nextDouble() - 0.5) * 1000;
      case STRING -> STRINGS[random.nextInt(STRINGS.length)];
      case TIMESTAMP -> (long) random.nextInt(1000) - 500;
    };
  }

  /**
   * Query times: every event time, one before and after it, the moments tiles and TTLs run out and
   * one either side, and random times around the history.
   */
  long[] queryTimes(ViewSpec view, List<Event> events) {
    List<Long> times = new ArrayList<>();
    LongConsumer around =
        t -> {
          times.add(t - 1);
          times.add(t);
          times.add(t + 1);
        };
    for (Event e : events) {
      long ts = e.eventTimeMillis();
      around.accept(ts);
      for (AggregateSpec spec : view.features()) {
        if (!spec.isLifetime()) {
          around.accept(
              (Math.floorDiv(ts, spec.hopMillis()) + 1) * spec.hopMillis() + spec.windowMillis());
        }
      }
      if (view.hasTtl()) {
        around.accept(ts + view.ttlMillis());
      }
    }
    for (int i = 0; i < 10; i++) {
      times.add(
          -200L
              + random.nextInt(
                  events.isEmpty()
                      ? 400
                      : 400
                          + (int)
                              Math.min(
                                  5000,
                                  Math.abs(events.get(events.size() - 1).eventTimeMillis()) * 2)));
    }
    return times.stream().mapToLong(Long::longValue).toArray();
  }
}
