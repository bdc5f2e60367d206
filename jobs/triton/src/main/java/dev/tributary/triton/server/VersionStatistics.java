package dev.tributary.triton.server;

import dev.tributary.triton.protocol.InferBatchStatistics;
import dev.tributary.triton.protocol.InferStatistics;
import dev.tributary.triton.protocol.ModelStatistics;
import dev.tributary.triton.protocol.StatisticDuration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cumulative statistics of one model version, counted the way Triton counts them: a request adds
 * its batch size to {@code inference_count}; a model run adds one to {@code execution_count} and to
 * the batch statistics of the size it ran, which with dynamic batching is the merged size.
 */
final class VersionStatistics {

  private final String model;
  private final String version;

  private long lastInferenceMillis;
  private long inferenceCount;
  private long executionCount;
  private final long[] success = new long[2];
  private final long[] fail = new long[2];
  private final long[] queue = new long[2];
  private final long[] computeInput = new long[2];
  private final long[] computeInfer = new long[2];
  private final long[] computeOutput = new long[2];
  private final Map<Long, long[][]> batches = new TreeMap<>();

  VersionStatistics(String model, String version) {
    this.model = model;
    this.version = version;
  }

  /** One request answered; its compute times are those of the run it was part of. */
  synchronized void recordSuccess(int batchSize, long totalNs, long queueNs, RunTimings run) {
    lastInferenceMillis = System.currentTimeMillis();
    inferenceCount += batchSize;
    add(success, totalNs);
    add(queue, queueNs);
    add(computeInput, run.inputNs());
    add(computeInfer, run.inferNs());
    add(computeOutput, run.outputNs());
  }

  synchronized void recordFailure(long totalNs) {
    lastInferenceMillis = System.currentTimeMillis();
    add(fail, totalNs);
  }

  /** One model run over {@code batchSize} rows, however many requests they came from. */
  synchronized void recordExecution(long batchSize, RunTimings run) {
    executionCount++;
    long[][] stats = batches.computeIfAbsent(batchSize, size -> new long[3][2]);
    add(stats[0], run.inputNs());
    add(stats[1], run.inferNs());
    add(stats[2], run.outputNs());
  }

  synchronized ModelStatistics toProto() {
    ModelStatistics.Builder out =
        ModelStatistics.newBuilder()
            .setName(model)
            .setVersion(version)
            .setLastInference(lastInferenceMillis)
            .setInferenceCount(inferenceCount)
            .setExecutionCount(executionCount)
            .setInferenceStats(
                InferStatistics.newBuilder()
                    .setSuccess(duration(success))
                    .setFail(duration(fail))
                    .setQueue(duration(queue))
                    .setComputeInput(duration(computeInput))
                    .setComputeInfer(duration(computeInfer))
                    .setComputeOutput(duration(computeOutput))
                    .setCacheHit(duration(new long[2]))
                    .setCacheMiss(duration(new long[2])));
    batches.forEach(
        (size, stats) ->
            out.addBatchStats(
                InferBatchStatistics.newBuilder()
                    .setBatchSize(size)
                    .setComputeInput(duration(stats[0]))
                    .setComputeInfer(duration(stats[1]))
                    .setComputeOutput(duration(stats[2]))));
    return out.build();
  }

  private static void add(long[] countAndNs, long ns) {
    countAndNs[0]++;
    countAndNs[1] += ns;
  }

  private static StatisticDuration duration(long[] countAndNs) {
    return StatisticDuration.newBuilder().setCount(countAndNs[0]).setNs(countAndNs[1]).build();
  }
}
