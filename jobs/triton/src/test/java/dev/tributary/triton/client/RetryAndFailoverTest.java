package dev.tributary.triton.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.testing.Await;
import dev.tributary.triton.server.LocalTritonServer;
import dev.tributary.triton.tensor.ElementType;
import dev.tributary.triton.tensor.Tensor;
import dev.tributary.triton.testing.RepositoryFolder;
import io.grpc.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failure injection: servers stopped mid-call or restarted, deadlines, several endpoints. No test
 * sleeps and hopes: each waits until the server holds the call (its pending count) or the client
 * has reached the port, so a loaded machine makes it slower, never a different scenario.
 */
class RetryAndFailoverTest {

  /**
   * Identity FP32 whose dynamic batcher holds a lone request for ten minutes, longer than any test
   * runs: a call that stays in flight until the test acts.
   */
  private static final String SLOW = RepositoryFolder.identityName(ElementType.FP32);

  private static final String FAST = RepositoryFolder.identityName(ElementType.INT32);

  private static final String HOLD_FOREVER =
      "instance_group [ { count: 1 } ]\ndynamic_batching { max_queue_delay_microseconds: 600000000 ";

  /** Holds two requests at most; a third is refused until they have gone. */
  private static final String QUEUE_OF_TWO =
      HOLD_FOREVER + "default_queue_policy { max_queue_size: 2 } }\n";

  @TempDir static Path repository;

  @BeforeAll
  static void writeRepository() {
    new RepositoryFolder(repository)
        .identity(ElementType.FP32, HOLD_FOREVER + "}\n")
        .identity(ElementType.INT32, "")
        .identity(ElementType.FP64, QUEUE_OF_TWO);
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
      Await.until("the server holds the call", () -> server.pendingRequests(SLOW, "1") == 1);
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

  /**
   * The port first answers like a crashed server (a connection accepted and dropped at once), and a
   * real server takes it only after the client's first attempt has failed there.
   */
  @Test
  void aServerBackWithinTheBackoffServesTheRetry() throws Exception {
    int port;
    AtomicInteger refusedConnections = new AtomicInteger();
    try (ServerSocket down = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        TritonClient client =
            TritonClient.builder()
                .endpoint("127.0.0.1:" + down.getLocalPort())
                .retryPolicy(
                    RetryPolicy.of(100, Duration.ofMillis(50), Duration.ofMillis(400), 2, 0.2))
                .build()) {
      port = down.getLocalPort();
      Thread dropper =
          new Thread(
              () -> {
                while (!down.isClosed()) {
                  try (Socket accepted = down.accept()) {
                    accepted.setSoLinger(true, 0); // reset, and no TIME_WAIT left on the port
                    refusedConnections.incrementAndGet();
                  } catch (IOException closed) {
                    return;
                  }
                }
              });
      dropper.start();
      CompletableFuture<InferResult> call = client.inferAsync(fastRequest());
      Await.until("a first attempt failed at the port", () -> refusedConnections.get() > 0);
      down.close();
      dropper.join();
      assertFalse(call.isDone(), "still retrying: " + call);
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

  /**
   * Two requests fill the queue and are held there; a third is refused with RESOURCE_EXHAUSTED.
   * Room is then made deterministically: a reload with a config that runs requests at once, which
   * fails the held calls with UNAVAILABLE (retried) and serves every retry.
   */
  @Test
  void aFullQueueIsResourceExhaustedAndRetriedUntilThereIsRoom() throws Exception {
    String model = RepositoryFolder.identityName(ElementType.FP64);
    Path config = repository.resolve(model).resolve("config.pbtxt");
    String held = Files.readString(config);
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
      Await.until("the queue (max 2) is full", () -> server.pendingRequests(model, "1") == 2);

      TritonException full =
          assertThrows(TritonException.class, () -> impatient.infer(queuedRequest(3)));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, full.code());
      assertTrue(
          full.serverMessage().startsWith("Exceeds maximum queue size"), full.serverMessage());

      CompletableFuture<InferResult> third = patient.inferAsync(queuedRequest(3));
      assertFalse(first.isDone() || second.isDone(), "held until there is room");

      Files.writeString(config, held.replace(QUEUE_OF_TWO, "dynamic_batching { }\n"));
      patient.loadModel(model);
      assertEquals(
          3.0, third.join().output("OUTPUT0").asDoubles()[0], "served once there was room");
      assertEquals(1.0, first.join().output("OUTPUT0").asDoubles()[0]);
      assertEquals(2.0, second.join().output("OUTPUT0").asDoubles()[0]);
    } finally {
      Files.writeString(config, held);
    }
  }

  /**
   * The server holds the call for ten minutes: only the client's deadline can end it, so
   * DEADLINE_EXCEEDED after one attempt is the proof, without timing anything.
   */
  @Test
  void anExpiredDeadlineIsNotRetried() throws Exception {
    try (LocalTritonServer server = LocalTritonServer.start(repository, 0);
        TritonClient client =
            TritonClient.builder().endpoint("127.0.0.1:" + server.port()).build()) {
      TritonException e =
          assertThrows(
              TritonException.class,
              () ->
                  client.infer(
                      InferRequest.builder(SLOW)
                          .input(Tensor.ofFp32s("INPUT0", new long[] {1, 1}, 1f))
                          .deadline(Duration.ofMillis(200))
                          .build()));
      assertEquals(Status.Code.DEADLINE_EXCEEDED, e.code());
      assertEquals(1, e.attempts());
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
