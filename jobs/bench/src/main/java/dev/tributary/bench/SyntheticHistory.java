package dev.tributary.bench;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.agg.Aggregation;
import dev.tributary.core.types.ValueType;
import dev.tributary.core.window.Event;
import dev.tributary.core.window.ViewSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The benchmark workload: one entity with an event every 10 s on average (about 360 per window),
 * one feature over a 1 h window hopping every 5 min (12 tiles), inputs that are random longs in [0,
 * 1000) or Gaussian doubles.
 */
final class SyntheticHistory {

  static final long WINDOW_MILLIS = 3_600_000;
  static final long HOP_MILLIS = 300_000;
  static final long MEAN_GAP_MILLIS = 10_000;

  private SyntheticHistory() {}

  static AggregateSpec feature(Aggregation function, ValueType inputType) {
    return new AggregateSpec(
        function.yamlName(),
        function,
        inputType,
        WINDOW_MILLIS,
        HOP_MILLIS,
        function == Aggregation.LAST_N ? 10 : 0,
        function == Aggregation.APPROX_QUANTILE ? 0.5 : 0.0);
  }

  static ViewSpec view(Aggregation function, ValueType inputType) {
    return ViewSpec.of(feature(function, inputType));
  }

  static List<Event> events(int count, ValueType inputType, long seed) {
    Random random = new Random(seed);
    List<Event> events = new ArrayList<>(count);
    long time = 1_700_000_000_000L;
    for (int i = 0; i < count; i++) {
      time += (long) (random.nextDouble() * 2 * MEAN_GAP_MILLIS);
      // Not a conditional expression: it would promote the long to a double.
      Object input;
      if (inputType == ValueType.DOUBLE) {
        input = random.nextGaussian() * 100;
      } else {
        input = (long) random.nextInt(1000);
      }
      events.add(new Event(time, new Object[] {input}));
    }
    return events;
  }
}
