package dev.tributary.flink.score;

import dev.tributary.core.defs.Scoring;
import dev.tributary.core.score.InputRow;
import dev.tributary.flink.records.DeadLetter;
import dev.tributary.flink.records.Prediction;
import dev.tributary.flink.score.BatchFeatures.Looked;
import dev.tributary.flink.score.BatchFeatures.LookupFailure;
import dev.tributary.triton.client.InferResult;
import dev.tributary.triton.client.InferenceCircuit;
import dev.tributary.triton.client.TritonException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.grpc.Status;
import java.util.List;

/**
 * What a batch ends as: one prediction per scored request (its scores, the version that served,
 * every input with its view's as-of time, the latencies), or one dead letter per request naming the
 * model, version, split and the reason. Every request of a batch ends as exactly one of the two.
 */
final class BatchOutcomes {
  private final Scoring scoring;
  private final ModelTensors tensors;
  private final String jobId;

  BatchOutcomes(Scoring scoring, ModelTensors tensors, String jobId) {
    this.scoring = scoring;
    this.tensors = tensors;
    this.jobId = jobId;
  }

  Prediction[] predictions(
      RequestBatch batch,
      Looked looked,
      List<Integer> scored,
      InferResult answer,
      long inferenceMicros) {
    double[][] scores = tensors.scores(answer, scored.size());
    long served = answer.version().isEmpty() ? batch.version : Long.parseLong(answer.version());
    Prediction[] predictions = new Prediction[scored.size()];
    for (int i = 0; i < predictions.length; i++) {
      ScoreRequest request = batch.requests[scored.get(i)];
      InputRow row = looked.rows()[scored.get(i)];
      Prediction p = new Prediction();
      p.requestId = request.requestId;
      p.requestTime = request.requestTime;
      p.scoring = scoring.name();
      p.model = tensors.model();
      p.versionChosen = request.version;
      p.versionServed = served;
      p.splitId = request.splitId;
      p.routingKey = request.routingKey;
      p.labelKey = request.labelKey;
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
      p.lookupMicros = looked.lookupMicros();
      p.queueMicros = Math.max(0, batch.releasedAtMicros - request.enqueuedAtMicros);
      p.inferenceMicros = inferenceMicros;
      p.jobId = jobId;
      p.predictedAt = System.currentTimeMillis();
      predictions[i] = p;
    }
    return predictions;
  }

  /** A batch whose lookup or call failed: retriable when the failure was transient. */
  BatchOutcome failed(RequestBatch batch, Throwable failure) {
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

  BatchOutcome allDead(RequestBatch batch, String reason, boolean retriable) {
    DeadLetter[] dead = new DeadLetter[batch.requests.length];
    for (int r = 0; r < dead.length; r++) {
      dead[r] = deadLetter(batch, batch.requests[r], reason);
    }
    return new BatchOutcome(new Prediction[0], dead, retriable);
  }

  DeadLetter deadLetter(RequestBatch batch, ScoreRequest request, String reason) {
    return DeadLetter.ofScoringRequest(
        scoring.name(),
        tensors.model(),
        request.requestId,
        request.payload,
        request.requestTime,
        new DeadLetter.Routing(batch.version, request.splitId),
        reason,
        System.currentTimeMillis());
  }
}
