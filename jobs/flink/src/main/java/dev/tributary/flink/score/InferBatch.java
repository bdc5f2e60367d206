package dev.tributary.flink.score;

import dev.tributary.core.defs.Scoring;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.score.InputRow;
import dev.tributary.core.score.ModelInputs;
import dev.tributary.core.score.ScoringRequests;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.flink.online.OnlineLookup;
import dev.tributary.flink.online.OnlineStoreReader;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.flink.records.DeadLetter;
import dev.tributary.flink.records.Prediction;
import dev.tributary.triton.client.InferRequest;
import dev.tributary.triton.client.InferResult;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.client.TritonClientLoader;
import dev.tributary.triton.client.TritonException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Scores one batch: its features from Redis in one pipelined round trip, the input rows assembled
 * by the core ({@link ModelInputs}), then one {@code ModelInfer} call for the batch's version.
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
    CompletableFuture.supplyAsync(() -> lookUp(batch), lookups)
        .thenCompose(looked -> infer(batch, looked))
        .whenComplete(
            (outcome, failure) ->
                result.complete(
                    Collections.singletonList(
                        failure == null ? outcome : failed(batch, unwrap(failure)))));
  }

  @Override
  public void timeout(RequestBatch batch, ResultFuture<BatchOutcome> result) {
    result.complete(
        Collections.singletonList(
            allDead(batch, "no answer within the operator's timeout (retries included)", false)));
  }

  /** The features of every request of the batch, in one pipelined read. */
  private Looked lookUp(RequestBatch batch) {
    ModelInputs inputs = requests.inputs();
    int views = inputs.views().size();
    List<OnlineLookup> keys = new ArrayList<>(batch.requests.length * views);
    List<Object[]> rows = new ArrayList<>(batch.requests.length);
    for (ScoreRequest request : batch.requests) {
      Object[] row = ViewValuesCodec.decodeRow(requests.scoring().requests().schema(), request.row);
      rows.add(row);
      for (int v = 0; v < views; v++) {
        keys.add(new OnlineLookup(inputs.views().get(v), inputs.keyValues(v, row)));
      }
    }
    long started = System.nanoTime();
    List<Optional<OnlineRecord>> records;
    try {
      records = store.read(keys);
    } catch (Exception unreachable) {
      throw new CompletionException(new LookupFailure(unreachable));
    }
    long lookupMicros = (System.nanoTime() - started) / 1_000;
    InputRow[] inputRows = new InputRow[batch.requests.length];
    for (int r = 0; r < inputRows.length; r++) {
      List<OnlineRecord> ofRequest = new ArrayList<>(views);
      for (int v = 0; v < views; v++) {
        ofRequest.add(records.get(r * views + v).orElse(null));
      }
      inputRows[r] =
          inputs.assemble(
              ofRequest, batch.requests[r].requestTime, trainingMeans.get(batch.version));
    }
    return new Looked(inputRows, lookupMicros);
  }

  private CompletableFuture<BatchOutcome> infer(RequestBatch batch, Looked looked) {
    List<Integer> scored = new ArrayList<>();
    List<DeadLetter> dead = new ArrayList<>();
    for (int r = 0; r < batch.requests.length; r++) {
      if (looked.rows[r].rejected()) {
        dead.add(
            deadLetter(
                batch,
                batch.requests[r],
                "missing features (missing: reject): "
                    + String.join(", ", looked.rows[r].missing())));
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
            .input(tensors.input(scored.stream().map(r -> looked.rows[r].values()).toList()))
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
                  predictions(batch, looked, scored, answer, inferenceMicros);
              return new BatchOutcome(predictions, dead.toArray(DeadLetter[]::new), false);
            });
  }

  private Prediction[] predictions(
      RequestBatch batch,
      Looked looked,
      List<Integer> scored,
      InferResult answer,
      long inferenceMicros) {
    double[][] scores = tensors.scores(answer, scored.size());
    long served = answer.version().isEmpty() ? batch.version : Long.parseLong(answer.version());
    Scoring scoring = requests.scoring();
    Prediction[] predictions = new Prediction[scored.size()];
    for (int i = 0; i < predictions.length; i++) {
      ScoreRequest request = batch.requests[scored.get(i)];
      InputRow row = looked.rows[scored.get(i)];
      Prediction p = new Prediction();
      p.requestId = request.requestId;
      p.requestTime = request.requestTime;
      p.scoring = scoring.name();
      p.model = tensors.model();
      p.versionChosen = request.version;
      p.versionServed = served;
      p.splitId = request.splitId;
      p.routingKey = request.routingKey;
      p.request = request.payload;
      p.scores = scores[i];
      p.features = tensors.featureNames();
      p.featureValues = new double[row.features().length];
      p.featureAsOf = new long[row.features().length];
      for (int f = 0; f < row.features().length; f++) {
        Object value = row.features()[f];
        p.featureValues[f] =
            value == null
                ? Double.NaN
                : value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).doubleValue();
        p.featureAsOf[f] = row.asOf()[tensors.viewOfInput(f)];
      }
      p.lookupMicros = looked.lookupMicros;
      p.queueMicros = Math.max(0, batch.releasedAtMicros - request.enqueuedAtMicros);
      p.inferenceMicros = inferenceMicros;
      p.jobId = jobId;
      p.predictedAt = System.currentTimeMillis();
      predictions[i] = p;
    }
    return predictions;
  }

  /** A batch whose lookup or call failed: retriable when the failure was transient. */
  private BatchOutcome failed(RequestBatch batch, Throwable failure) {
    if (failure instanceof LookupFailure lookup) {
      return allDead(batch, "online store unavailable: " + lookup.getCause().getMessage(), true);
    }
    if (failure instanceof CallNotPermittedException open) {
      return allDead(batch, "UNAVAILABLE: circuit open: " + open.getMessage(), true);
    }
    if (failure instanceof TritonException triton) {
      return allDead(
          batch,
          triton.code() + " after " + triton.attempts() + " attempt(s): " + triton.serverMessage(),
          InferenceCircuit.isTransient(triton.code()));
    }
    return allDead(batch, Status.fromThrowable(failure).getCode() + ": " + failure, false);
  }

  private BatchOutcome allDead(RequestBatch batch, String reason, boolean retriable) {
    DeadLetter[] dead = new DeadLetter[batch.requests.length];
    for (int r = 0; r < dead.length; r++) {
      dead[r] = deadLetter(batch, batch.requests[r], reason);
    }
    return new BatchOutcome(new Prediction[0], dead, retriable);
  }

  private DeadLetter deadLetter(RequestBatch batch, ScoreRequest request, String reason) {
    return RouteRequests.deadLetter(
        requests.scoring(),
        request,
        "model "
            + tensors.model()
            + " version "
            + batch.version
            + " (split "
            + request.splitId
            + "): "
            + reason);
  }

  private static Throwable unwrap(Throwable failure) {
    while (failure instanceof CompletionException && failure.getCause() != null) {
      failure = failure.getCause();
    }
    return failure;
  }

  /** The input rows of a batch and how long their lookup took. */
  private record Looked(InputRow[] rows, long lookupMicros) {}

  /** The online store stayed unreachable through the reader's retries. */
  private static final class LookupFailure extends RuntimeException {
    LookupFailure(Exception cause) {
      super(cause);
    }
  }
}
