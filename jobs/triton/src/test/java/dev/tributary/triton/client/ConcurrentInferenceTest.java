package dev.tributary.triton.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.core.window.Seeds;
import dev.tributary.triton.protocol.ModelStatistics;
import dev.tributary.triton.server.LocalTritonServer;
import dev.tributary.triton.tensor.ElementType;
import dev.tributary.triton.tensor.Tensor;
import dev.tributary.triton.testing.OnnxGraphs;
import dev.tributary.triton.testing.RepositoryFolder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many callers at once, random batch sizes and row widths, three scheduling set-ups: every answer
 * must be its own request's rows (the dynamic batcher merges and splits without mixing callers up),
 * and the statistics must add up.
 */
class ConcurrentInferenceTest {

  private static final String BATCHED_FP32 = RepositoryFolder.identityName(ElementType.FP32);
  private static final String BATCHED_BYTES = RepositoryFolder.identityName(ElementType.BYTES);
  private static final String DIRECT_INT64 = RepositoryFolder.identityName(ElementType.INT64);

  @TempDir Path repository;

  @Test
  void everyCallerGetsItsOwnRowsBack() throws Exception {
    String batching =
        "dynamic_batching { max_queue_delay_microseconds: 2000 preferred_batch_size: [ 4 ] }\n"
            + "instance_group [ { kind: KIND_CPU count: 2 } ]\n";
    new RepositoryFolder(repository)
        .identity(ElementType.FP32, batching)
        .identity(ElementType.BYTES, batching)
        .identity(ElementType.INT64, "instance_group [ { kind: KIND_CPU count: 2 } ]\n");
    long seed = Seeds.base();
    Random random = new Random(seed);
    int requests = 600;
    Map<String, Long> rowsSent = new HashMap<>();
    try (LocalTritonServer server = LocalTritonServer.start(repository, 0);
        TritonClient client =
            TritonClient.builder().endpoint("127.0.0.1:" + server.port()).build()) {
      Semaphore inFlight = new Semaphore(32);
      List<CompletableFuture<Void>> checks = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        int rows = 1 + random.nextInt(3);
        int width = 1 + random.nextInt(2); // requests of another width cannot share a batch
        String model = List.of(BATCHED_FP32, BATCHED_BYTES, DIRECT_INT64).get(random.nextInt(3));
        Tensor input = input(model, new long[] {rows, width}, random);
        rowsSent.merge(model, (long) rows, Long::sum);
        inFlight.acquire();
        checks.add(
            client
                .inferAsync(InferRequest.builder(model).input(input).build())
                .thenAccept(
                    result ->
                        assertEquals(
                            input.withName("OUTPUT0"),
                            result.output("OUTPUT0"),
                            model + " " + Seeds.replay(seed)))
                .whenComplete((ignored, failure) -> inFlight.release()));
      }
      CompletableFuture.allOf(checks.toArray(new CompletableFuture[0])).join();

      for (String model : List.of(BATCHED_FP32, BATCHED_BYTES, DIRECT_INT64)) {
        ModelStatistics stats = client.modelStatistics(model, "1").get(0);
        assertEquals(rowsSent.get(model), stats.getInferenceCount(), model);
        assertEquals(0, stats.getInferenceStats().getFail().getCount(), model);
        long executed =
            stats.getBatchStatsList().stream()
                .mapToLong(b -> b.getBatchSize() * b.getComputeInfer().getCount())
                .sum();
        assertEquals(rowsSent.get(model), executed, model + ": rows run = rows asked");
      }
    }
  }

  /**
   * Merging for sure, not by luck of timing: one worker that waits (ten minutes at most) until a
   * batch is full at max_batch_size 4, and one-row requests in multiples of four, so every run is a
   * batch of four callers and each must get its own row back.
   */
  @Test
  void mergedBatchesGiveEveryCallerItsOwnRow() throws Exception {
    new RepositoryFolder(repository)
        .config(
            BATCHED_FP32,
            "max_batch_size: 4\n"
                + "input [ { name: \"INPUT0\" data_type: TYPE_FP32 dims: [ -1 ] } ]\n"
                + "output [ { name: \"OUTPUT0\" data_type: TYPE_FP32 dims: [ -1 ] } ]\n"
                + "instance_group [ { count: 1 } ]\n"
                + "dynamic_batching { max_queue_delay_microseconds: 600000000 }\n")
        .version(BATCHED_FP32, 1, OnnxGraphs.identity(ElementType.FP32, 2));
    long seed = Seeds.base();
    Random random = new Random(seed);
    int requests = 4 * 25;
    try (LocalTritonServer server = LocalTritonServer.start(repository, 0);
        TritonClient client =
            TritonClient.builder().endpoint("127.0.0.1:" + server.port()).build()) {
      Semaphore inFlight = new Semaphore(16);
      List<CompletableFuture<Void>> checks = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        Tensor input = input(BATCHED_FP32, new long[] {1, 3}, random);
        inFlight.acquire();
        checks.add(
            client
                .inferAsync(InferRequest.builder(BATCHED_FP32).input(input).build())
                .thenAccept(
                    result ->
                        assertEquals(
                            input.withName("OUTPUT0"),
                            result.output("OUTPUT0"),
                            Seeds.replay(seed)))
                .whenComplete((ignored, failure) -> inFlight.release()));
      }
      CompletableFuture.allOf(checks.toArray(new CompletableFuture[0])).join();
      ModelStatistics stats = client.modelStatistics(BATCHED_FP32, "1").get(0);
      assertEquals(requests / 4, stats.getExecutionCount(), "every run merged four requests");
      assertEquals(
          List.of(4L), stats.getBatchStatsList().stream().map(b -> b.getBatchSize()).toList());
    }
  }

  private static Tensor input(String model, long[] shape, Random random) {
    int n = (int) Tensor.elementCount(shape);
    if (model.equals(BATCHED_BYTES)) {
      String[] values = new String[n];
      for (int i = 0; i < n; i++) {
        values[i] = "é".repeat(random.nextInt(4)) + random.nextInt(1000);
      }
      return Tensor.ofStrings("INPUT0", shape, values);
    }
    if (model.equals(BATCHED_FP32)) {
      float[] values = new float[n];
      for (int i = 0; i < n; i++) {
        values[i] = random.nextFloat();
      }
      return Tensor.ofFp32s("INPUT0", shape, values);
    }
    return Tensor.ofInt64s("INPUT0", shape, random.longs(n).toArray());
  }
}
