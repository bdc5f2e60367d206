package dev.tributary.io.replay;

import java.util.concurrent.TimeUnit;

/**
 * Wall time for pacing and progress. Injected so a test can check the pacing of a whole replay
 * without waiting for it: a clock whose sleep only moves its own time forward.
 */
public interface ReplayClock {

  /** Monotonic nanoseconds, like {@link System#nanoTime()}. */
  long nanoTime();

  void sleep(long nanos) throws InterruptedException;

  ReplayClock SYSTEM =
      new ReplayClock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
          TimeUnit.NANOSECONDS.sleep(nanos);
        }
      };
}
