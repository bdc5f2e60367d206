package dev.tributary.core.score;

import java.time.Duration;

/**
 * How long the score job may work on a request, lookups, inference and retries included, before the
 * request becomes a dead letter: the default of the score job's {@code timeout}. The monitor job's
 * error windows wait as long past an hour's end for the dead letters of the hour's requests, which
 * are written that much later than the predictions of their neighbours at most.
 */
public final class RequestBudget {
  /** Two minutes. */
  public static final Duration DEFAULT = Duration.ofMinutes(2);

  private RequestBudget() {}
}
