package dev.tributary.embedded;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Starting and stopping the servers that run as child processes (redis-server, PostgreSQL, S3Mock):
 * waiting until one is ready, and making sure a JVM that exits without closing them does not leave
 * them running on a shared machine.
 */
final class ChildProcesses {
  private ChildProcesses() {}

  /** SIGTERM, then SIGKILL after {@code graceSeconds}; returns once the process is gone. */
  static void stop(Process process, int graceSeconds) {
    process.destroy();
    try {
      if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Polls {@code ready} every {@code poll} until it holds (true), or {@code process} ends or {@code
   * timeout} passes (false): a server is ready when it answers, not when its process exists.
   */
  static boolean awaitReady(Process process, Duration timeout, Duration poll, BooleanSupplier ready)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      if (ready.getAsBoolean()) {
        return true;
      }
      Thread.sleep(poll.toMillis());
    }
    return false;
  }

  /**
   * What a running server leaves behind, cleaned up once: {@link #close} stops the server and
   * deletes its folder, and a JVM shutdown hook does the same if nobody closes it.
   */
  static final class Cleanup implements AutoCloseable {
    private final Runnable stop;
    private final TemporaryDirectory folder;
    private final Thread shutdownHook;

    Cleanup(String name, Runnable stop, TemporaryDirectory folder) {
      this.stop = stop;
      this.folder = folder;
      this.shutdownHook = new Thread(stop, name + "-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public void close() {
      stop.run();
      folder.close();
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook is running or has run.
      }
    }
  }
}
