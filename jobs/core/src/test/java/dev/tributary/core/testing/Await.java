package dev.tributary.core.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition instead of sleeping for a guessed time: a loaded machine makes a test
 * slower, never wrong. The guard only turns a hang into a failure naming what never happened; it is
 * far above any wait a passing run needs.
 */
public final class Await {

  private static final Duration GUARD = Duration.ofMinutes(2);

  private Await() {}

  public static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long giveUp = System.nanoTime() + GUARD.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - giveUp > 0) {
        throw new AssertionError("never happened within " + GUARD + ": " + what);
      }
      Thread.sleep(5);
    }
  }
}
