package dev.tributary.flink.online;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with a deadline, for retrying Redis while it is unreachable.
 *
 * <p>The pause doubles from the initial one up to the maximum, with jitter (half fixed, half
 * random) so many writers that lost Redis at the same moment do not return in lockstep. The caller
 * sleeps in {@link #pause}, which is the point: a sink writer that blocks backpressures its job
 * instead of buffering without bound, and nothing is dropped.
 */
final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final Duration giveUpAfter;

  Backoff(Duration initial, Duration max, Duration giveUpAfter) {
    this.initial = initial;
    this.max = max;
    this.giveUpAfter = giveUpAfter;
  }

  /** A new deadline for one operation, starting now. */
  Attempts start() {
    return new Attempts(System.nanoTime() + giveUpAfter.toNanos());
  }

  Duration giveUpAfter() {
    return giveUpAfter;
  }

  /** The attempts of one operation. */
  final class Attempts {
    private final long deadlineNanos;
    private int failures;

    private Attempts(long deadlineNanos) {
      this.deadlineNanos = deadlineNanos;
    }

    /** Failed attempts so far. */
    int failures() {
      return failures;
    }

    /**
     * Records a failed attempt and sleeps before the next one.
     *
     * @return false, without sleeping, when the deadline has passed: the caller gives up
     */
    boolean pause() throws InterruptedException {
      failures++;
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      long pause = initial.toNanos();
      for (int i = 1; i < failures && pause < max.toNanos(); i++) {
        pause *= 2;
      }
      pause = Math.min(pause, max.toNanos());
      long jittered = pause / 2 + ThreadLocalRandom.current().nextLong(pause / 2 + 1);
      long sleep = Math.min(jittered, remaining);
      Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
      return true;
    }
  }
}
