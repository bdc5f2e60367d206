package dev.tributary.flink.score;

import dev.tributary.core.score.ModelInputs;
import dev.tributary.core.score.ScoringRequests;
import dev.tributary.flink.online.OnlineStoreReader;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.flink.records.DeadLetter;
import dev.tributary.flink.records.Prediction;
import dev.tributary.flink.score.BatchFeatures.Looked;
import dev.tributary.triton.client.InferRequest;
import dev.tributary.triton.client.InferenceCircuit;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.client.TritonClientLoader;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Scores one batch: its features from Redis in one round trip, the input rows assembled by the core
 * ({@link ModelInputs}), then one {@code ModelInfer} call for the batch's version.
 *
 * <p>Each call passes a circuit breaker of the client's endpoints ({@link InferenceCircuit}) and
 * the client retries UNAVAILABLE and RESOURCE_EXHAUSTED with jittered backoff. A batch that still
 * fails that way comes back {@link BatchOutcome#retriable}, and the operator's async retry strategy
 * sends it again later; other failures (and spent retries) give one dead letter per request with
 * the model, version and gRPC status. Inference has no side effects, so the calls Flink replays
 * after a restore are harmless.
 */
final class InferBatch extends RichAsyncFunction<RequestBatch, BatchOutcome> {
  private static final long serialVersionUID = 1L;

  private final ScoringRequests requests;
  private final RedisOptions redis;
  private final TritonClientLoader triton;
  private final ModelTensors tensors;
  private final HashMap<Long, double[]> trainingMeans;
  private final Duration callDeadline;
  private final String jobId;

  private transient OnlineStoreReader store;
  private transient BatchFeatures features;
  private transient BatchOutcomes outcomes;
  private transient TritonClient client;
  private transient CircuitBreaker circuit;
  private transient ExecutorService lookups;

  InferBatch(
      ScoringRequests requests,
      RedisOptions redis,
      TritonClientLoader triton,
      ModelTensors tensors,
      Map<Long, double[]> trainingMeans,
      Duration callDeadline,
      String jobId) {
    this.requests = requests;
    this.redis = redis;
    this.triton = triton;
    this.tensors = tensors;
    this.trainingMeans = new HashMap<>(trainingMeans);
    this.callDeadline = callDeadline;
    this.jobId = jobId;
  }

  @Override
  public void open(OpenContext context) throws Exception {
    store = OnlineStoreReader.open(redis);
    features = new BatchFeatures(requests, store, trainingMeans);
    outcomes = new BatchOutcomes(requests.scoring(), tensors, jobId);
    client = triton.open();
    circuit = InferenceCircuit.forEndpoints(client.endpoints());
    lookups =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "score-feature-lookups");
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public void close() {
    if (lookups != null) {
      lookups.shutdownNow();
    }
    if (client != null) {
      client.close();
    }
    if (store != null) {
      store.close();
    }
  }

  @Override
  public void asyncInvoke(RequestBatch batch, ResultFuture<BatchOutcome> result) {
    CompletableFuture.supplyAsync(() -> features.lookUp(batch), lookups)
        .thenCompose(looked -> infer(batch, looked))
        .whenComplete(
            (outcome, failure) ->
                result.complete(
                    Collections.singletonList(
                        failure == null ? outcome : outcomes.failed(batch, unwrap(failure)))));
  }

  @Override
  public void timeout(RequestBatch batch, ResultFuture<BatchOutcome> result) {
    result.complete(
        Collections.singletonList(
            outcomes.allDead(
                batch, "no answer within the operator's timeout (retries included)", false)));
  }

  /**
   * The features of every request of the batch, in one read of each distinct entity: the requests
   * of a batch share entities (airports, routes), and a key is read and decoded once.
   */
  /** Dead-letters the rows the missing-value policy rejected and sends the rest in one call. */
  private CompletableFuture<BatchOutcome> infer(RequestBatch batch, Looked looked) {
    List<Integer> scored = new ArrayList<>();
    List<DeadLetter> dead = new ArrayList<>();
    for (int r = 0; r < batch.requests.length; r++) {
      if (looked.rows()[r].rejected()) {
        dead.add(
            outcomes.deadLetter(
                batch,
                batch.requests[r],
                "missing features (missing: reject): "
                    + String.join(", ", looked.rows()[r].missing())));
      } else {
        scored.add(r);
      }
    }
    if (scored.isEmpty()) {
      return CompletableFuture.completedFuture(
          new BatchOutcome(new Prediction[0], dead.toArray(DeadLetter[]::new), false));
    }
    InferRequest request =
        InferRequest.builder(tensors.model())
            .version(batch.version)
            .input(tensors.input(scored.stream().map(r -> looked.rows()[r].values()).toList()))
            .output(tensors.outputName())
            .deadline(callDeadline)
            .build();
    long started = System.nanoTime();
    return circuit
        .decorateCompletionStage(() -> client.inferAsync(request))
        .get()
        .toCompletableFuture()
        .thenApply(
            answer -> {
              long inferenceMicros = (System.nanoTime() - started) / 1_000;
              Prediction[] predictions =
                  outcomes.predictions(batch, looked, scored, answer, inferenceMicros);
              return new BatchOutcome(predictions, dead.toArray(DeadLetter[]::new), false);
            });
  }

  private static Throwable unwrap(Throwable failure) {
    while (failure instanceof CompletionException && failure.getCause() != null) {
      failure = failure.getCause();
    }
    return failure;
  }
}
