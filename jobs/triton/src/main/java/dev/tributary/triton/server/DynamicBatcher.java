package dev.tributary.triton.server;

import dev.tributary.triton.protocol.ModelDynamicBatching;
import dev.tributary.triton.tensor.BatchRows;
import dev.tributary.triton.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Triton's dynamic batching for one model version: requests queue up; a worker takes the oldest,
 * adds whatever compatible requests are already waiting, and if the batch is neither a preferred
 * size nor max_batch_size it waits up to max_queue_delay_microseconds (counted from the oldest
 * request's arrival) for more. The merged batch runs once and each request gets its own rows back.
 *
 * <pre>
 *   request ─┐
 *   request ─┼─► queue ─► worker: [r1 r2 r3] ─► ONNX Runtime (one run) ─► split rows ─► responses
 *   request ─┘
 * </pre>
 */
final class DynamicBatcher implements AutoCloseable {

  private record Pending(
      InferRequestCheck.Checked request, long enqueuedNs, CompletableFuture<List<Tensor>> result) {}

  private final OnnxModelVersion model;
  private final VersionStatistics statistics;
  private final int maxBatchSize;
  private final long maxDelayNs;
  private final Set<Integer> preferred;
  private final BlockingDeque<Pending> queue = new LinkedBlockingDeque<>();

  /** 0 for no limit: default_queue_policy.max_queue_size. */
  private final int maxQueueSize;

  /** Requests accepted and not yet running: in the queue or in a batch still being formed. */
  private final AtomicInteger waiting = new AtomicInteger();

  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean closed;

  /**
   * @param instances model runs that may proceed at once: the instance_group count
   */
  DynamicBatcher(OnnxModelVersion model, VersionStatistics statistics, int instances) {
    ModelDynamicBatching settings = model.config().getDynamicBatching();
    this.model = model;
    this.statistics = statistics;
    this.maxBatchSize = model.config().getMaxBatchSize();
    this.maxDelayNs = TimeUnit.MICROSECONDS.toNanos(settings.getMaxQueueDelayMicroseconds());
    this.preferred = new HashSet<>(settings.getPreferredBatchSizeList());
    this.maxQueueSize = settings.getDefaultQueuePolicy().getMaxQueueSize();
    for (int i = 0; i < instances; i++) {
      Thread worker =
          new Thread(
              this::work, "dynamic-batcher-" + model.model() + "-v" + model.version() + "-" + i);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
  }

  CompletableFuture<List<Tensor>> submit(InferRequestCheck.Checked request) {
    CompletableFuture<List<Tensor>> result = new CompletableFuture<>();
    if (waiting.incrementAndGet() > maxQueueSize && maxQueueSize > 0) {
      waiting.decrementAndGet();
      // RESOURCE_EXHAUSTED: the request was not taken, so clients may retry it later.
      result.completeExceptionally(
          InferenceError.resourceExhausted(
              "Exceeds maximum queue size for model '"
                  + model.model()
                  + "' version "
                  + model.version()
                  + " (max_queue_size "
                  + maxQueueSize
                  + ")"));
      return result;
    }
    Pending pending = new Pending(request, System.nanoTime(), result);
    queue.add(pending);
    // A close() racing with this call may have drained the queue already: take it back and fail it.
    if (closed && queue.remove(pending)) {
      waiting.decrementAndGet();
      result.completeExceptionally(unloaded());
    }
    return result;
  }

  /** Requests accepted and not yet running. */
  int pending() {
    return waiting.get();
  }

  private void work() {
    while (!closed) {
      Pending first;
      try {
        first = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (first != null) {
        List<Pending> batch = collect(first);
        if (closed) {
          waiting.addAndGet(-batch.size());
          batch.forEach(pending -> pending.result().completeExceptionally(unloaded()));
        } else {
          execute(batch);
        }
      }
    }
    for (Pending left; (left = queue.poll()) != null; ) {
      waiting.decrementAndGet();
      left.result().completeExceptionally(unloaded());
    }
  }

  /** The batch to run next; cut short, not lost, when close() interrupts the wait. */
  private List<Pending> collect(Pending first) {
    List<Pending> batch = new ArrayList<>();
    batch.add(first);
    int rows = first.request().batchSize();
    // Take what is already waiting, then wait out the delay unless the batch is good enough.
    boolean delayed = false;
    while (rows < maxBatchSize) {
      if (delayed && preferred.contains(rows)) {
        break;
      }
      Pending next = queue.poll();
      if (next == null) {
        if (preferred.contains(rows)) {
          break;
        }
        delayed = true;
        long left = first.enqueuedNs() + maxDelayNs - System.nanoTime();
        try {
          next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
        } catch (InterruptedException e) {
          break;
        }
        if (next == null) {
          break;
        }
      }
      if (rows + next.request().batchSize() > maxBatchSize || !compatible(first, next)) {
        queue.addFirst(next);
        break;
      }
      batch.add(next);
      rows += next.request().batchSize();
    }
    return batch;
  }

  private void execute(List<Pending> batch) {
    long started = System.nanoTime();
    waiting.addAndGet(-batch.size());
    InferRequestCheck.Checked first = batch.get(0).request();
    List<Tensor> inputs = new ArrayList<>(first.inputs().size());
    for (int i = 0; i < first.inputs().size(); i++) {
      List<Tensor> parts = new ArrayList<>(batch.size());
      for (Pending pending : batch) {
        parts.add(pending.request().inputs().get(i));
      }
      inputs.add(BatchRows.concat(parts));
    }
    OnnxModelVersion.Result result;
    try {
      result = model.run(inputs, first.outputs());
    } catch (RuntimeException e) {
      for (Pending pending : batch) {
        statistics.recordFailure(System.nanoTime() - pending.enqueuedNs());
        pending.result().completeExceptionally(e);
      }
      return;
    }
    long rows = batch.stream().mapToLong(p -> p.request().batchSize()).sum();
    statistics.recordExecution(rows, result.timings());
    long row = 0;
    for (Pending pending : batch) {
      int size = pending.request().batchSize();
      List<Tensor> outputs = new ArrayList<>(result.outputs().size());
      for (Tensor output : result.outputs()) {
        outputs.add(batch.size() == 1 ? output : BatchRows.slice(output, row, size));
      }
      row += size;
      statistics.recordSuccess(
          size,
          System.nanoTime() - pending.enqueuedNs(),
          started - pending.enqueuedNs(),
          result.timings());
      pending.result().complete(outputs);
    }
  }

  /** Requests merge only when they ask for the same outputs and agree past the batch dimension. */
  private static boolean compatible(Pending a, Pending b) {
    if (!a.request().outputs().equals(b.request().outputs())) {
      return false;
    }
    for (int i = 0; i < a.request().inputs().size(); i++) {
      long[] x = a.request().inputs().get(i).shape();
      long[] y = b.request().inputs().get(i).shape();
      if (!Arrays.equals(x, 1, x.length, y, 1, y.length)) {
        return false;
      }
    }
    return true;
  }

  private InferenceError unloaded() {
    return InferenceError.unavailable(
        "model '"
            + model.model()
            + "' version "
            + model.version()
            + " stopped serving (unloaded, or the server is shutting down) while the request waited in the"
            + " dynamic batcher");
  }

  @Override
  public void close() {
    closed = true;
    workers.forEach(Thread::interrupt);
    try {
      for (Thread worker : workers) {
        worker.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
