package dev.tributary.embedded;

import java.util.concurrent.TimeUnit;

/**
 * Stopping the servers that run as child processes (redis-server, S3Mock) and making sure a JVM
 * that exits without closing them does not leave them running on a shared machine.
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

  /** Runs {@code stop} when the JVM exits; {@link #forget} undoes it once the caller closed. */
  static Thread onExit(String name, Runnable stop) {
    Thread hook = new Thread(stop, name);
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  static void forget(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook is running or has run.
    }
  }
}
