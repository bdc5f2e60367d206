package dev.tributary.flink.execution;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;

/**
 * Runs a bounded job and returns as soon as it has ended. {@code env.execute()} learns that a job
 * submitted over REST has ended by polling for its result with a back-off that Flink's {@code
 * RestClusterClient} fixes at 10 ms doubling up to 2 s: a job running longer than about 10 s is
 * noticed up to 2 s after it ends (on average 1 s), and a backfill in 13 chunks waits up to 26 s
 * for nothing. Here the job's status, one small request, is asked every {@link #POLL} instead; the
 * result is fetched once the job has ended, when the first request for it answers.
 *
 * <p>Failures come out as from {@code env.execute()}: the {@code ExecutionException} wrapper
 * stripped, the job's failure ({@code JobExecutionException}, its cause the task's exception)
 * thrown. Job listeners are not told: a job that needs them ({@code ScoreJob}'s bounded offsets)
 * runs with {@code env.execute()}.
 */
public final class JobCompletion {
  /** How often the job's status is asked while it runs. */
  static final Duration POLL = Duration.ofMillis(50);

  private JobCompletion() {}

  /** Runs the job built on {@code env} under {@code name} to its end. */
  public static JobExecutionResult execute(StreamExecutionEnvironment env, String name)
      throws Exception {
    JobClient job = env.executeAsync(name);
    CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
    try {
      while (!result.isDone()) {
        JobStatus status;
        try {
          status = job.getJobStatus().get();
        } catch (ExecutionException | RuntimeException clusterGone) {
          // a job on a MiniCluster of its own (a local environment) takes the cluster down with
          // it, and asking for its status then fails, at once or in the answer; the result future
          // answers on its own
          break;
        }
        if (status.isGloballyTerminalState()) {
          // asked anew, the result answers at once; should that request fail (a local cluster
          // going down with its failed job), the first request's answer is the job's own
          CompletableFuture<JobExecutionResult> first = result;
          result = job.getJobExecutionResult().exceptionallyCompose(failure -> first);
          break;
        }
        Thread.sleep(POLL.toMillis());
      }
      return result.get();
    } catch (InterruptedException e) {
      job.cancel();
      Thread.currentThread().interrupt();
      throw e;
    } catch (Exception e) {
      ExceptionUtils.rethrowException(ExceptionUtils.stripExecutionException(e));
      throw e;
    }
  }
}
