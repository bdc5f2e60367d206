package dev.tributary.triton.models;

/**
 * One row of the flights source: scheduled departure (UTC millis), departure delay in minutes,
 * route. Its delay becomes known at {@link #knownAt()}, scheduled departure plus delay, which is
 * the event time of the feature views.
 */
public record Flight(long departureMillis, int delayMinutes, int distanceMiles, String origin, String destination) {

    /** Delays above 15 minutes count as late, the FAA's definition and the label of flight_delay. */
    public static final int LATE_MINUTES = 15;

    public long knownAt() {
        return departureMillis + delayMinutes * 60_000L;
    }

    public boolean late() {
        return delayMinutes > LATE_MINUTES;
    }
}
