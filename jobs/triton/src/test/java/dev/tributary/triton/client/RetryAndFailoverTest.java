package dev.tributary.triton.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.triton.server.LocalTritonServer;
import dev.tributary.triton.tensor.ElementType;
import dev.tributary.triton.tensor.Tensor;
import dev.tributary.triton.testing.RepositoryFolder;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failure injection: servers stopped mid-call or restarted, deadlines, several endpoints. */
class RetryAndFailoverTest {

  /**
   * Identity FP32 whose dynamic batcher holds a lone request for 1.5 s: a call that is surely in
   * flight.
   */
  private static final String SLOW = RepositoryFolder.identityName(ElementType.FP32);

  private static final String FAST = RepositoryFolder.identityName(ElementType.INT32);

  @TempDir static Path repository;

  @BeforeAll
  static void writeRepository() {
    new RepositoryFolder(repository)
        .identity(ElementType.FP32, "dynamic_batching { max_queue_delay_microseconds: 1500000 }\n")
        .identity(ElementType.INT32, "")
        .identity(
            ElementType.FP64,
            "dynamic_batching { max_queue_delay_microseconds: 1500000 "
                + "default_queue_policy { max_queue_size: 2 } }\n");
  }

  @Test
  void aServerStoppedMidCallIsRetriedThenFailsWithTheLastStatus() throws Exception {
    LocalTritonServer server = LocalTritonServer.start(repository, 0);
    try (TritonClient client =
        TritonClient.builder()
            .endpoint("127.0.0.1:" + server.port())
            .retryPolicy(RetryPolicy.of(4, Duration.ofMillis(50), Duration.ofMillis(200), 2, 0.2))
            .build()) {
      CompletableFuture<InferResult> call = client.inferAsync(slowRequest());
      Thread.sleep(300);
      server.close();
      CompletionException e = assertThrows(CompletionException.class, call::join);
      TritonException failure = (TritonException) e.getCause();
      assertEquals(Status.Code.UNAVAILABLE, failure.code(), failure.getMessage());
      assertEquals(
          4, failure.attempts(), "retried up to the policy's 4 attempts: " + failure.getMessage());
      assertEquals(SLOW, failure.model());
    } finally {
      server.close();
    }
  }

  @Test
  void aServerBackWithinTheBackoffServesTheRetry() throws Exception {
    LocalTritonServer first = LocalTritonServer.start(repository, 0);
    int port = first.port();
    first.close();
    try (TritonClient client =
        TritonClient.builder()
            .endpoint("127.0.0.1:" + port)
            .retryPolicy(RetryPolicy.of(8, Duration.ofMillis(100), Duration.ofMillis(400), 2, 0.2))
            .build()) {
      CompletableFuture<InferResult> call = client.inferAsync(fastRequest());
      Thread.sleep(250);
      LocalTritonServer second = LocalTritonServer.start(repository, port);
      try {
        InferResult result = call.join();
        assertEquals("1", result.version());
        assertEquals(7, result.output("OUTPUT0").asInt32s()[0]);
      } finally {
        second.close();
      }
    }
  }

  @Test
  void aFullQueueIsResourceExhaustedAndRetriedUntilThereIsRoom() throws Exception {
    try (LocalTritonServer server = LocalTritonServer.start(repository, 0);
        TritonClient patient =
            TritonClient.builder()
                .endpoint("127.0.0.1:" + server.port())
                .retryPolicy(
                    RetryPolicy.of(40, Duration.ofMillis(100), Duration.ofMillis(200), 2, 0.2))
                .build();
        TritonClient impatient =
            TritonClient.builder()
                .endpoint("127.0.0.1:" + server.port())
                .retryPolicy(RetryPolicy.none())
                .build()) {
      CompletableFuture<InferResult> first = patient.inferAsync(queuedRequest(1));
      CompletableFuture<InferResult> second = patient.inferAsync(queuedRequest(2));
      Thread.sleep(300); // both wait 1.5 s for the batch to fill: the queue (max 2) is full

      TritonException full =
          assertThrows(TritonException.class, () -> impatient.infer(queuedRequest(3)));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, full.code());
      assertTrue(
          full.serverMessage().startsWith("Exceeds maximum queue size"), full.serverMessage());

      assertEquals(
          3.0,
          patient.infer(queuedRequest(3)).output("OUTPUT0").asDoubles()[0],
          "served once there was room");
      assertEquals(1.0, first.join().output("OUTPUT0").asDoubles()[0]);
      assertEquals(2.0, second.join().output("OUTPUT0").asDoubles()[0]);
    }
  }

  @Test
  void anExpiredDeadlineIsNotRetried() throws Exception {
    try (LocalTritonServer server = LocalTritonServer.start(repository, 0);
        TritonClient client =
            TritonClient.builder().endpoint("127.0.0.1:" + server.port()).build()) {
      long start = System.nanoTime();
      TritonException e =
          assertThrows(
              TritonException.class,
              () ->
                  client.infer(
                      InferRequest.builder(SLOW)
                          .input(Tensor.ofFp32s("INPUT0", new long[] {1, 1}, 1f))
                          .deadline(Duration.ofMillis(200))
                          .build()));
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      assertEquals(Status.Code.DEADLINE_EXCEEDED, e.code());
      assertEquals(1, e.attempts());
      assertTrue(
          elapsedMs < 1400,
          "gave up at the deadline, not after the 1.5 s queue delay: " + elapsedMs + " ms");
    }
  }

  @Test
  void callsAreSpreadRoundRobinOverEndpoints() throws Exception {
    try (LocalTritonServer a = LocalTritonServer.start(repository, 0);
        LocalTritonServer b = LocalTritonServer.start(repository, 0);
        TritonClient both =
            TritonClient.builder()
                .endpoint("127.0.0.1:" + a.port())
                .endpoint("127.0.0.1:" + b.port())
                .build();
        TritonClient onlyA = TritonClient.builder().endpoint("127.0.0.1:" + a.port()).build();
        TritonClient onlyB = TritonClient.builder().endpoint("127.0.0.1:" + b.port()).build()) {
      for (int i = 0; i < 10; i++) {
        both.infer(fastRequest());
      }
      assertEquals(5, onlyA.modelStatistics(FAST, "1").get(0).getInferenceCount());
      assertEquals(5, onlyB.modelStatistics(FAST, "1").get(0).getInferenceCount());
    }
  }

  @Test
  void aDownEndpointIsSkippedByTheRetryOnTheNextOne() throws Exception {
    LocalTritonServer down = LocalTritonServer.start(repository, 0);
    int downPort = down.port();
    down.close();
    try (LocalTritonServer up = LocalTritonServer.start(repository, 0);
        TritonClient client =
            TritonClient.builder()
                .endpoint("127.0.0.1:" + downPort)
                .endpoint("127.0.0.1:" + up.port())
                .build()) {
      for (int i = 0; i < 6; i++) {
        assertEquals(7, client.infer(fastRequest()).output("OUTPUT0").asInt32s()[0]);
      }
    }
  }

  @Test
  void backoffGrowsExponentiallyWithinTheJitterBandAndTheCap() {
    RetryPolicy policy =
        RetryPolicy.of(6, Duration.ofMillis(100), Duration.ofMillis(1000), 2, 0.25);
    assertEquals(Duration.ofMillis(100), policy.backoff(1, () -> 0.5));
    assertEquals(Duration.ofMillis(200), policy.backoff(2, () -> 0.5));
    assertEquals(Duration.ofMillis(300), policy.backoff(3, () -> 0.0), "400 ms less 25 %");
    assertEquals(Duration.ofMillis(1000), policy.backoff(5, () -> 0.99), "capped");
    assertTrue(RetryPolicy.isRetryable(Status.UNAVAILABLE));
    assertTrue(RetryPolicy.isRetryable(Status.RESOURCE_EXHAUSTED.withDescription("queue full")));
    assertFalse(
        RetryPolicy.isRetryable(
            Status.RESOURCE_EXHAUSTED.withDescription(
                "gRPC message exceeds maximum size 4194304: 4800000")));
    assertFalse(RetryPolicy.isRetryable(Status.INVALID_ARGUMENT));
    assertFalse(RetryPolicy.isRetryable(Status.DEADLINE_EXCEEDED));
    assertFalse(RetryPolicy.isRetryable(Status.CANCELLED));
  }

  private static InferRequest slowRequest() {
    return InferRequest.builder(SLOW)
        .input(Tensor.ofFp32s("INPUT0", new long[] {1, 1}, 1f))
        .build();
  }

  private static InferRequest queuedRequest(double value) {
    return InferRequest.builder(RepositoryFolder.identityName(ElementType.FP64))
        .input(Tensor.ofFp64s("INPUT0", new long[] {1, 1}, value))
        .build();
  }

  private static InferRequest fastRequest() {
    return InferRequest.builder(FAST)
        .input(Tensor.ofInt32s("INPUT0", new long[] {1, 1}, 7))
        .build();
  }
}
