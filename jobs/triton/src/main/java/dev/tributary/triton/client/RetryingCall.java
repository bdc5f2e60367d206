package dev.tributary.triton.client;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.tributary.triton.protocol.GRPCInferenceServiceGrpc;
import dev.tributary.triton.protocol.GRPCInferenceServiceGrpc.GRPCInferenceServiceFutureStub;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs one logical call: attempts on successive endpoints, each with what is left of the call's
 * deadline, waiting out the retry policy's backoff between attempts, and completing with the
 * response or a {@link TritonException} carrying the last status.
 */
final class RetryingCall<T> {

  private final String name;
  private final String model;
  private final String version;
  private final ChannelPool channels;
  private final RetryPolicy policy;
  private final ScheduledExecutorService scheduler;
  private final Function<GRPCInferenceServiceFutureStub, ListenableFuture<T>> invocation;
  private final long deadlineNanos;
  private final CompletableFuture<T> result = new CompletableFuture<>();

  private RetryingCall(
      String name,
      String model,
      String version,
      ChannelPool channels,
      RetryPolicy policy,
      ScheduledExecutorService scheduler,
      Duration deadline,
      Function<GRPCInferenceServiceFutureStub, ListenableFuture<T>> invocation) {
    this.name = name;
    this.model = model;
    this.version = version;
    this.channels = channels;
    this.policy = policy;
    this.scheduler = scheduler;
    this.invocation = invocation;
    this.deadlineNanos = System.nanoTime() + deadline.toNanos();
  }

  static <T> CompletableFuture<T> start(
      String name,
      String model,
      String version,
      ChannelPool channels,
      RetryPolicy policy,
      ScheduledExecutorService scheduler,
      Duration deadline,
      Function<GRPCInferenceServiceFutureStub, ListenableFuture<T>> invocation) {
    RetryingCall<T> call =
        new RetryingCall<>(name, model, version, channels, policy, scheduler, deadline, invocation);
    call.attempt(1);
    return call.result;
  }

  private void attempt(int attempt) {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      fail(
          Status.DEADLINE_EXCEEDED.withDescription("deadline expired before attempt " + attempt),
          attempt - 1,
          null);
      return;
    }
    ListenableFuture<T> future;
    try {
      GRPCInferenceServiceFutureStub stub =
          GRPCInferenceServiceGrpc.newFutureStub(channels.next())
              .withDeadlineAfter(left, TimeUnit.NANOSECONDS);
      future = invocation.apply(stub);
    } catch (RuntimeException e) {
      fail(Status.fromThrowable(e), attempt, e);
      return;
    }
    Futures.addCallback(
        future,
        new FutureCallback<T>() {
          @Override
          public void onSuccess(T value) {
            result.complete(value);
          }

          @Override
          public void onFailure(Throwable failure) {
            Status status = Status.fromThrowable(failure);
            if (RetryPolicy.isRetryable(status) && attempt < policy.maxAttempts()) {
              Duration wait =
                  policy.backoff(attempt, () -> ThreadLocalRandom.current().nextDouble());
              if (System.nanoTime() + wait.toNanos() < deadlineNanos) {
                scheduler.schedule(
                    () -> attempt(attempt + 1), wait.toNanos(), TimeUnit.NANOSECONDS);
                return;
              }
            }
            fail(status, attempt, failure);
          }
        },
        MoreExecutors.directExecutor());
  }

  private void fail(Status status, int attempts, Throwable cause) {
    result.completeExceptionally(
        new TritonException(name, status, model, version, Math.max(attempts, 1), cause));
  }
}
