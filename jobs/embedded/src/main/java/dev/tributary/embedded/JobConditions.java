package dev.tributary.embedded;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobExceptionsHeaders;
import org.apache.flink.runtime.rest.messages.JobExceptionsInfoWithHistory;
import org.apache.flink.runtime.rest.messages.JobMessageParameters;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatisticsHeaders;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.runtime.rest.messages.job.JobExceptionsMessageParameters;

/**
 * What a test of a running job waits for, read from the cluster's REST API: every task running,
 * checkpoints completed, failures the job went through. Waiting on these instead of sleeping keeps
 * fault tests correct on a slow machine and fast on a quick one.
 */
public final class JobConditions {
  private static final Duration POLL = Duration.ofMillis(200);

  private final RestClusterClient<?> client;
  private final JobID job;

  public JobConditions(RestClusterClient<?> client, JobID job) {
    this.client = client;
    this.job = job;
  }

  public JobStatus status() throws Exception {
    return client.getJobStatus(job).get(30, TimeUnit.SECONDS);
  }

  /** The job is RUNNING and so is every subtask of every operator (all deployed after restart). */
  public boolean allTasksRunning() throws Exception {
    JobDetailsInfo details = client.getJobDetails(job).get(30, TimeUnit.SECONDS);
    return details.getJobStatus() == JobStatus.RUNNING
        && details.getJobVertexInfos().stream()
            .allMatch(vertex -> vertex.getExecutionState() == ExecutionState.RUNNING);
  }

  /** Checkpoints completed since the job was submitted, across restarts. */
  public long completedCheckpoints() throws Exception {
    JobMessageParameters parameters =
        CheckpointingStatisticsHeaders.getInstance().getUnresolvedMessageParameters();
    parameters.jobPathParameter.resolve(job);
    return client
        .sendRequest(
            CheckpointingStatisticsHeaders.getInstance(),
            parameters,
            EmptyRequestBody.getInstance())
        .get(30, TimeUnit.SECONDS)
        .getCounts()
        .getNumberCompletedCheckpoints();
  }

  /** The failures the job restarted from (Flink's exception history, newest first). */
  public List<JobExceptionsInfoWithHistory.RootExceptionInfo> failures() throws Exception {
    JobExceptionsMessageParameters parameters =
        JobExceptionsHeaders.getInstance().getUnresolvedMessageParameters();
    parameters.jobPathParameter.resolve(job);
    return client
        .sendRequest(JobExceptionsHeaders.getInstance(), parameters, EmptyRequestBody.getInstance())
        .get(30, TimeUnit.SECONDS)
        .getExceptionHistory()
        .getEntries();
  }

  /** A condition that may throw while the REST endpoint is busy; such a throw counts as false. */
  @FunctionalInterface
  public interface Check {
    boolean holds() throws Exception;
  }

  /**
   * Waits until {@code check} holds; fails naming {@code what} after {@code timeout}, or at once
   * when the job has reached a terminal state it cannot leave.
   */
  public void await(String what, Duration timeout, Check check) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (holds(check)) {
        return;
      }
      JobStatus status = status();
      if (status.isGloballyTerminalState()) {
        throw new AssertionError(
            "Job " + job + " is " + status + " while waiting until " + what + "; " + failures());
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new AssertionError(
        "Job " + job + " did not reach '" + what + "' within " + timeout + " (" + status() + ")");
  }

  private static boolean holds(Check check) {
    try {
      return check.holds();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception busy) {
      return false;
    }
  }
}
