package dev.tributary.cli;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;

/**
 * One of the demo's streaming jobs while it runs beside the paced replay: checked while the demo
 * waits on what it writes, then drained (event time advanced to the end, so every pending window
 * and timer fires, as at the end of a bounded run) with a final savepoint that commits its sinks.
 */
final class RunningJob {
  private static final long DRAIN_MINUTES = 10;

  /** How often {@link #requireRunning} asks the cluster; between, it trusts the last answer. */
  private static final long CHECK_NANOS = 500_000_000L;

  private final String name;
  private final JobClient client;
  private long checkedAt = System.nanoTime() - CHECK_NANOS;

  RunningJob(String name, JobClient client) {
    this.name = name;
    this.client = client;
  }

  /** Fails, with the job's own error when it has one, once the job is no longer running. */
  void requireRunning() throws InterruptedException {
    if (System.nanoTime() - checkedAt < CHECK_NANOS) {
      return;
    }
    checkedAt = System.nanoTime();
    JobStatus status;
    try {
      status = client.getJobStatus().get(1, TimeUnit.MINUTES);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot ask the " + name + " job how it runs", e);
    }
    if (status.isTerminalState()) {
      Throwable cause = null;
      try {
        client.getJobExecutionResult().get(1, TimeUnit.MINUTES);
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        cause = e.getCause() != null ? e.getCause() : e;
      }
      throw new IllegalStateException(
          "the " + name + " job stopped (" + status + ") while the demo waited on it", cause);
    }
  }

  /** Drains the job with a savepoint under {@code folder}; returns once it has finished. */
  void drain(Path folder) throws Exception {
    client
        .stopWithSavepoint(
            true, folder.toAbsolutePath().toUri().toString(), SavepointFormatType.CANONICAL)
        .get(DRAIN_MINUTES, TimeUnit.MINUTES);
    client.getJobExecutionResult().get(DRAIN_MINUTES, TimeUnit.MINUTES);
  }
}
