package dev.tributary.triton.models;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The inputs of the flight_delay model ({@code feature-defs/models.yaml}), computed directly from
 * flights until the aggregation core and the training-set job can produce them.
 *
 * <p>Each flight is scored as of {@code t = departure - 2 h}. A window feature over {@code W}
 * aggregates the flights of the key whose delay is known ({@code departure + delay}) in
 * {@code [t - W, t)}: an exact sliding window, where the core's views align the tail to the hop
 * (a small difference, documented in the model's metadata). An average over an empty window is
 * missing and written as NaN, which the published ONNX graph replaces by the training mean; a
 * count over an empty window is 0.
 */
public final class FlightFeatures {

    /** Input order of the model, as feature-defs/models.yaml lists it. */
    public static final List<String> NAMES = List.of(
            "origin_delays.mean_delay_1h",
            "origin_delays.late_share_1h",
            "origin_delays.mean_delay_3h",
            "origin_delays.late_share_3h",
            "origin_delays.late_share_24h",
            "origin_delays.late_share_7d",
            "origin_delays.flights_1h",
            "dest_delays.mean_delay_3h",
            "dest_delays.late_share_24h",
            "route_delays.mean_delay_7d",
            "route_delays.late_share_7d");

    /** How far ahead of the scheduled departure the prediction is made. */
    public static final long LEAD_MILLIS = 2 * 3_600_000L;

    private static final long HOUR = 3_600_000L;

    private enum Aggregate { MEAN_DELAY, LATE_SHARE, COUNT }

    private record Spec(Function<Flight, String> key, long window, Aggregate aggregate) {
    }

    private static final List<Spec> SPECS = List.of(
            new Spec(Flight::origin, HOUR, Aggregate.MEAN_DELAY),
            new Spec(Flight::origin, HOUR, Aggregate.LATE_SHARE),
            new Spec(Flight::origin, 3 * HOUR, Aggregate.MEAN_DELAY),
            new Spec(Flight::origin, 3 * HOUR, Aggregate.LATE_SHARE),
            new Spec(Flight::origin, 24 * HOUR, Aggregate.LATE_SHARE),
            new Spec(Flight::origin, 7 * 24 * HOUR, Aggregate.LATE_SHARE),
            new Spec(Flight::origin, HOUR, Aggregate.COUNT),
            new Spec(Flight::destination, 3 * HOUR, Aggregate.MEAN_DELAY),
            new Spec(Flight::destination, 24 * HOUR, Aggregate.LATE_SHARE),
            new Spec(f -> f.origin() + ">" + f.destination(), 7 * 24 * HOUR, Aggregate.MEAN_DELAY),
            new Spec(f -> f.origin() + ">" + f.destination(), 7 * 24 * HOUR, Aggregate.LATE_SHARE));

    private FlightFeatures() {
    }

    /** One row of {@link #NAMES} per flight, in the order of {@code flights}. */
    public static float[][] compute(List<Flight> flights) {
        float[][] rows = new float[flights.size()][NAMES.size()];
        for (int column = 0; column < SPECS.size(); column++) {
            fill(flights, SPECS.get(column), column, rows);
        }
        return rows;
    }

    /** Sweeps each key's events (by known time) and queries (by as-of time) with two pointers. */
    private static void fill(List<Flight> flights, Spec spec, int column, float[][] rows) {
        Map<String, List<Integer>> byKey = new HashMap<>();
        for (int i = 0; i < flights.size(); i++) {
            byKey.computeIfAbsent(spec.key().apply(flights.get(i)), k -> new ArrayList<>()).add(i);
        }
        for (List<Integer> members : byKey.values()) {
            List<Integer> events = new ArrayList<>(members);
            events.sort(Comparator.comparingLong(i -> flights.get(i).knownAt()));
            List<Integer> queries = new ArrayList<>(members);
            queries.sort(Comparator.comparingLong(i -> flights.get(i).departureMillis()));
            int head = 0;
            int tail = 0;
            long count = 0;
            long late = 0;
            long delaySum = 0;
            for (int query : queries) {
                long asOf = flights.get(query).departureMillis() - LEAD_MILLIS;
                while (head < events.size() && flights.get(events.get(head)).knownAt() < asOf) {
                    Flight in = flights.get(events.get(head++));
                    count++;
                    late += in.late() ? 1 : 0;
                    delaySum += in.delayMinutes();
                }
                while (tail < head && flights.get(events.get(tail)).knownAt() < asOf - spec.window()) {
                    Flight out = flights.get(events.get(tail++));
                    count--;
                    late -= out.late() ? 1 : 0;
                    delaySum -= out.delayMinutes();
                }
                rows[query][column] = switch (spec.aggregate()) {
                    case COUNT -> count;
                    case MEAN_DELAY -> count == 0 ? Float.NaN : (float) ((double) delaySum / count);
                    case LATE_SHARE -> count == 0 ? Float.NaN : (float) ((double) late / count);
                };
            }
        }
    }
}
