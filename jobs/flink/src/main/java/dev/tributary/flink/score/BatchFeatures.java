package dev.tributary.flink.score;

import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.score.InputRow;
import dev.tributary.core.score.ModelInputs;
import dev.tributary.core.score.ScoringRequests;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.flink.online.OnlineLookup;
import dev.tributary.flink.online.OnlineStoreReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * The model's input rows for a batch of requests: every view's values from Redis in one read of
 * each distinct entity (the requests of a batch share airports and routes, so a key is read and
 * decoded once), assembled in the declared order by the core ({@link ModelInputs}) with the model's
 * missing-value policy.
 */
final class BatchFeatures {
  private final ScoringRequests requests;
  private final OnlineStoreReader store;
  private final Map<Long, double[]> trainingMeans;

  BatchFeatures(
      ScoringRequests requests, OnlineStoreReader store, Map<Long, double[]> trainingMeans) {
    this.requests = requests;
    this.store = store;
    this.trainingMeans = trainingMeans;
  }

  /**
   * @throws CompletionException wrapping a {@link LookupFailure} when Redis stayed unreachable
   *     through the reader's retries
   */
  Looked lookUp(RequestBatch batch) {
    ModelInputs inputs = requests.inputs();
    int views = inputs.views().size();
    List<OnlineLookup> keys = new ArrayList<>(batch.requests.length * views);
    List<Map<List<Object>, Integer>> distinct = new ArrayList<>(views);
    for (int v = 0; v < views; v++) {
      distinct.add(new HashMap<>());
    }
    int[][] slot = new int[batch.requests.length][views];
    for (int r = 0; r < batch.requests.length; r++) {
      ScoreRequest request = batch.requests[r];
      Object[] row = ViewValuesCodec.decodeRow(requests.scoring().requests().schema(), request.row);
      for (int v = 0; v < views; v++) {
        List<Object> key = inputs.keyValues(v, row);
        Integer at = distinct.get(v).get(key);
        if (at == null) {
          at = keys.size();
          distinct.get(v).put(key, at);
          keys.add(new OnlineLookup(inputs.views().get(v), key));
        }
        slot[r][v] = at;
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
        ofRequest.add(records.get(slot[r][v]).orElse(null));
      }
      inputRows[r] =
          inputs.assemble(
              ofRequest, batch.requests[r].requestTime, trainingMeans.get(batch.version));
    }
    return new Looked(inputRows, lookupMicros);
  }

  /** The input rows of a batch, in request order, and how long their lookup took. */
  record Looked(InputRow[] rows, long lookupMicros) {}

  /** The online store stayed unreachable through the reader's retries. */
  static final class LookupFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LookupFailure(Exception cause) {
      super(cause);
    }
  }
}
