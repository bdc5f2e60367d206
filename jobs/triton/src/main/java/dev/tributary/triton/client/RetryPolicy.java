package dev.tributary.triton.client;

import io.grpc.Status;
import java.io.Serializable;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When and how long to wait before trying a call again.
 *
 * <p>Only UNAVAILABLE (server down, restarting, connection lost) and RESOURCE_EXHAUSTED (queue
 * full; not a message over the size limit) are retried: both mean the request was not processed, so
 * sending it again is safe. Every other code is an answer about the request itself
 * (INVALID_ARGUMENT, NOT_FOUND) or an expired deadline, where retrying only repeats the failure or
 * overruns the caller's budget.
 *
 * <p>The wait before retry {@code n} (1-based) is {@code min(maxBackoff, initialBackoff *
 * multiplier^(n-1))}, scaled by a random factor in {@code [1 - jitter, 1 + jitter]} so that many
 * clients failing together do not come back in lockstep.
 */
public final class RetryPolicy implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double multiplier;
  private final double jitter;

  private RetryPolicy(
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      double multiplier,
      double jitter) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "need 0 <= initialBackoff <= maxBackoff, got " + initialBackoff + " and " + maxBackoff);
    }
    if (multiplier < 1 || jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException(
          "need multiplier >= 1 and 0 <= jitter <= 1, got " + multiplier + " and " + jitter);
    }
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.multiplier = multiplier;
    this.jitter = jitter;
  }

  /**
   * @param maxAttempts attempts in all, the first included (1 disables retries)
   * @param initialBackoff wait before the first retry
   * @param maxBackoff cap on any wait
   * @param multiplier growth of the wait per retry
   * @param jitter relative spread of each wait, 0 to 1
   */
  public static RetryPolicy of(
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      double multiplier,
      double jitter) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, jitter);
  }

  /** 5 attempts, waits from 50 ms doubling up to 2 s, ±20 % jitter. */
  public static RetryPolicy defaults() {
    return of(5, Duration.ofMillis(50), Duration.ofSeconds(2), 2.0, 0.2);
  }

  public static RetryPolicy none() {
    return of(1, Duration.ZERO, Duration.ZERO, 1.0, 0.0);
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Whether a failure may be retried: UNAVAILABLE, and RESOURCE_EXHAUSTED unless it is gRPC's
   * message-size limit (same code, but the same message would only fail again).
   */
  public static boolean isRetryable(Status status) {
    if (status.getCode() == Status.Code.UNAVAILABLE) {
      return true;
    }
    String description = status.getDescription() == null ? "" : status.getDescription();
    return status.getCode() == Status.Code.RESOURCE_EXHAUSTED
        && !description.contains("exceeds maximum")
        && !description.contains("larger than max");
  }

  /**
   * The wait before retry number {@code retry} (1 for the first retry).
   *
   * @param random source of uniform values in [0, 1)
   */
  public Duration backoff(int retry, DoubleSupplier random) {
    double base =
        Math.min(maxBackoff.toNanos(), initialBackoff.toNanos() * Math.pow(multiplier, retry - 1));
    double spread = 1 + jitter * (2 * random.getAsDouble() - 1);
    return Duration.ofNanos((long) Math.min(maxBackoff.toNanos(), base * spread));
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts="
        + maxAttempts
        + ", initialBackoff="
        + initialBackoff
        + ", maxBackoff="
        + maxBackoff
        + ", multiplier="
        + multiplier
        + ", jitter="
        + jitter
        + "}";
  }
}
