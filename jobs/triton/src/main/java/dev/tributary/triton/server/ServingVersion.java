package dev.tributary.triton.server;

import dev.tributary.triton.tensor.Tensor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A loaded model version as requests see it: its ONNX session, its statistics, and its scheduler,
 * which is the dynamic batcher when config.pbtxt asks for one and a direct run otherwise. Either
 * way at most instance_group's count of runs proceed at once (1 without an instance_group).
 */
final class ServingVersion implements AutoCloseable {

  private final OnnxModelVersion model;
  private final VersionStatistics statistics;
  private final DynamicBatcher batcher;
  // Without a batcher, as many requests run at once as the instance_group declares instances.
  private final Semaphore instances;
  // Direct runs hold the read lock so that an unload never closes the session under a running call.
  private final ReadWriteLock runs = new ReentrantReadWriteLock();
  private boolean closed;

  ServingVersion(OnnxModelVersion model) {
    this.model = model;
    this.statistics = new VersionStatistics(model.model(), Long.toString(model.version()));
    int instances =
        Math.max(
            1,
            model.config().getInstanceGroupList().stream()
                .mapToInt(group -> Math.max(1, group.getCount()))
                .sum());
    this.instances = new Semaphore(instances);
    this.batcher =
        model.config().hasDynamicBatching()
            ? new DynamicBatcher(model, statistics, instances)
            : null;
  }

  OnnxModelVersion model() {
    return model;
  }

  VersionStatistics statistics() {
    return statistics;
  }

  /** Requests waiting in the dynamic batcher; 0 without one. */
  int pendingRequests() {
    return batcher == null ? 0 : batcher.pending();
  }

  CompletableFuture<List<Tensor>> infer(InferRequestCheck.Checked request) {
    if (batcher != null) {
      return batcher.submit(request);
    }
    long start = System.nanoTime();
    instances.acquireUninterruptibly();
    long admitted = System.nanoTime();
    runs.readLock().lock();
    try {
      if (closed) {
        throw InferenceError.unavailable(
            "model '" + model.model() + "' version " + model.version() + " was unloaded");
      }
      OnnxModelVersion.Result result = model.run(request.inputs(), request.outputs());
      statistics.recordExecution(request.batchSize(), result.timings());
      statistics.recordSuccess(
          request.batchSize(), System.nanoTime() - start, admitted - start, result.timings());
      return CompletableFuture.completedFuture(result.outputs());
    } catch (RuntimeException e) {
      statistics.recordFailure(System.nanoTime() - start);
      return CompletableFuture.failedFuture(e);
    } finally {
      runs.readLock().unlock();
      instances.release();
    }
  }

  @Override
  public void close() {
    if (batcher != null) {
      batcher.close();
    }
    runs.writeLock().lock();
    try {
      closed = true;
      model.close();
    } finally {
      runs.writeLock().unlock();
    }
  }
}
