package dev.tributary.core.monitor.serving;

/**
 * How one scoring request of a model version ended, as the error rate sees it: a prediction, or a
 * dead letter (the server answered NOT_FOUND or UNAVAILABLE, retries ran out, a feature was missing
 * under a {@code reject} policy).
 *
 * @param version the version the split routed the request to
 * @param time event time of the request, UTC ms (the window it counts in); a dead letter's too, so
 *     a failed request counts in the same hour as its neighbours that succeeded
 * @param failed true for a dead letter
 */
public record RequestOutcome(String version, long time, boolean failed) {

  public static RequestOutcome predicted(String version, long time) {
    return new RequestOutcome(version, time, false);
  }

  public static RequestOutcome deadLettered(String version, long time) {
    return new RequestOutcome(version, time, true);
  }
}
