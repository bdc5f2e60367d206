package dev.tributary.flink;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * Waits on a condition while jobs run, and fails at once, with the job's own exception, when one of
 * them has ended: a test of a broken job fails in seconds with the cause instead of waiting out its
 * time limit.
 */
public final class JobWaits {
  private static final Duration POLL = Duration.ofMillis(200);

  private JobWaits() {}

  /** A condition read from the outside (Kafka offsets, committed outputs, a counter). */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /**
   * Waits until {@code condition} holds while every one of {@code jobs} keeps running; fails naming
   * {@code what} after {@code timeout}, or at once when a job has ended (its failure as the cause).
   */
  public static void until(String what, Duration timeout, Condition condition, JobClient... jobs)
      throws Exception {
    long giveUp = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      for (JobClient job : jobs) {
        assertStillRunning(job, what);
      }
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("Waited " + timeout + " in vain until " + what);
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** Fails with the job's exception (or its final status) when it has reached a terminal state. */
  public static void assertStillRunning(JobClient job, String what) throws Exception {
    JobStatus status = job.getJobStatus().get(30, TimeUnit.SECONDS);
    if (!status.isGloballyTerminalState()) {
      return;
    }
    try {
      job.getJobExecutionResult().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException failure) {
      throw new AssertionError(
          "Job " + job.getJobID() + " " + status + " while waiting until " + what,
          failure.getCause());
    }
    throw new AssertionError(
        "Job " + job.getJobID() + " ended " + status + " while waiting until " + what);
  }
}
