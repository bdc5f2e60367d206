package dev.tributary.triton.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The two-pointer sweep against a brute-force scan of every flight for every row. */
class FlightFeaturesTest {

    private static final long HOUR = 3_600_000L;

    @Test
    void sweepEqualsBruteForceOnRandomFlights() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String[] airports = {"ATL", "ORD", "SFO", "JFK"};
        List<Flight> flights = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            long departure = (long) random.nextInt(9 * 24 * 60) * 60_000L;
            int delay = random.nextInt(5) == 0 ? random.nextInt(240) : random.nextInt(30) - 10;
            String origin = airports[random.nextInt(airports.length)];
            String destination = airports[random.nextInt(airports.length)];
            flights.add(new Flight(departure, delay, 500, origin, destination));
        }
        float[][] fast = FlightFeatures.compute(flights);
        for (int i = 0; i < flights.size(); i++) {
            float[] expected = bruteForce(flights, flights.get(i));
            for (int c = 0; c < expected.length; c++) {
                assertEquals(expected[c], fast[i][c], 1e-4f, "row " + i + " " + FlightFeatures.NAMES.get(c) + " seed " + seed);
            }
        }
    }

    @Test
    void aFlightNeverSeesItsOwnDelayNorOneKnownAtTheAsOfTime() {
        long departure = 10 * HOUR;
        Flight early = new Flight(departure - 3 * HOUR, 59, 100, "A", "B");       // known at t - 2h 1m: inside
        Flight atAsOf = new Flight(departure - 3 * HOUR, 60, 100, "A", "B");      // known exactly at t: outside
        Flight self = new Flight(departure, -5, 100, "A", "B");
        float[][] rows = FlightFeatures.compute(List.of(early, atAsOf, self));
        assertEquals(1f, rows[2][FlightFeatures.NAMES.indexOf("origin_delays.flights_1h")]);
        assertEquals(59f, rows[2][FlightFeatures.NAMES.indexOf("origin_delays.mean_delay_1h")]);
        assertEquals(1f, rows[2][FlightFeatures.NAMES.indexOf("origin_delays.late_share_1h")]);
        assertEquals(Float.NaN, rows[0][FlightFeatures.NAMES.indexOf("origin_delays.mean_delay_1h")], "empty window");
    }

    /** The definition, read literally: flights of the key known in [t - W, t), t = departure - 2 h. */
    private static float[] bruteForce(List<Flight> flights, Flight target) {
        long t = target.departureMillis() - FlightFeatures.LEAD_MILLIS;
        return new float[] {
            mean(flights, f -> f.origin().equals(target.origin()), t, HOUR),
            share(flights, f -> f.origin().equals(target.origin()), t, HOUR),
            mean(flights, f -> f.origin().equals(target.origin()), t, 3 * HOUR),
            share(flights, f -> f.origin().equals(target.origin()), t, 3 * HOUR),
            share(flights, f -> f.origin().equals(target.origin()), t, 24 * HOUR),
            share(flights, f -> f.origin().equals(target.origin()), t, 7 * 24 * HOUR),
            count(flights, f -> f.origin().equals(target.origin()), t, HOUR),
            mean(flights, f -> f.destination().equals(target.destination()), t, 3 * HOUR),
            share(flights, f -> f.destination().equals(target.destination()), t, 24 * HOUR),
            mean(flights, f -> f.origin().equals(target.origin()) && f.destination().equals(target.destination()), t, 7 * 24 * HOUR),
            share(flights, f -> f.origin().equals(target.origin()) && f.destination().equals(target.destination()), t, 7 * 24 * HOUR),
        };
    }

    private static List<Flight> window(List<Flight> flights, Predicate<Flight> key, long t, long w) {
        return flights.stream().filter(key).filter(f -> f.knownAt() >= t - w && f.knownAt() < t).toList();
    }

    private static float count(List<Flight> flights, Predicate<Flight> key, long t, long w) {
        return window(flights, key, t, w).size();
    }

    private static float mean(List<Flight> flights, Predicate<Flight> key, long t, long w) {
        List<Flight> in = window(flights, key, t, w);
        return in.isEmpty() ? Float.NaN : (float) in.stream().mapToInt(Flight::delayMinutes).average().orElseThrow();
    }

    private static float share(List<Flight> flights, Predicate<Flight> key, long t, long w) {
        List<Flight> in = window(flights, key, t, w);
        return in.isEmpty() ? Float.NaN : (float) in.stream().filter(Flight::late).count() / in.size();
    }
}
