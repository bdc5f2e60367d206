package dev.tributary.serve.predict;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.score.InputRow;
import dev.tributary.core.score.ModelInputs;
import dev.tributary.core.score.TrafficSplit;
import dev.tributary.serve.BadRequestException;
import dev.tributary.serve.ServeException;
import dev.tributary.serve.features.EntityColumns;
import dev.tributary.serve.features.FeatureService;
import dev.tributary.triton.client.InferRequest;
import dev.tributary.triton.client.InferResult;
import dev.tributary.triton.client.InferenceCircuit;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.client.TritonException;
import dev.tributary.triton.protocol.ModelConfig;
import dev.tributary.triton.tensor.Tensor;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronous predictions, through the same core pieces as the score job:
 *
 * <pre>
 *   entity rows (the scoring's request columns)
 *     -> routing key, TrafficSplit in force at the request time -> version
 *     -> FeatureService: every view of every row, one Redis round trip
 *     -> ModelInputs.assemble with the version's training means (missing policy, TTL)
 *     -> TritonClient: one FP32 [rows, inputs] request per version
 *     -> PredictionLog, answer
 * </pre>
 *
 * A request's time is the scoring's event-time expression over the row ({@code requested_at} for
 * flights) when the caller gives its columns, else the server's clock: the split and the TTL are
 * judged at that time, as the score job judges a Kafka request.
 *
 * <p>Every call to the inference server passes the score job's circuit breaker ({@link
 * InferenceCircuit}): once most recent calls failed because the server was down or overloaded,
 * requests get their 503 at once instead of each waiting out the client's deadline and retries.
 */
public final class PredictionService {
  private static final Logger LOG = LoggerFactory.getLogger(PredictionService.class);

  private final FeatureRepository repository;
  private final FeatureService features;
  private final TritonClient triton;
  private final SplitSource splits;
  private final PredictionLog log;
  private final CircuitBreaker circuit;
  private final Map<String, ScoringPlan> plans = new ConcurrentHashMap<>();
  private final Map<String, String[]> tensorNames = new ConcurrentHashMap<>();

  public PredictionService(
      FeatureRepository repository,
      FeatureService features,
      TritonClient triton,
      SplitSource splits,
      PredictionLog log) {
    this.repository = repository;
    this.features = features;
    this.triton = triton;
    this.splits = splits;
    this.log = log;
    this.circuit = InferenceCircuit.forEndpoints(triton.endpoints());
  }

  /**
   * Asks the inference server now for the tensor names of every scoring's model, so the first
   * request does not pay for it; a model it does not serve yet is asked again on first use.
   */
  public void warmUp() {
    for (Scoring scoring : repository.scorings()) {
      String model = scoring.model().tritonModel();
      try {
        tensorNames.computeIfAbsent(model, this::tensorNames);
      } catch (ServeException notYet) {
        LOG.warn(
            "{}; predictions of scoring '{}' will ask again", notYet.getMessage(), scoring.name());
      }
    }
  }

  /**
   * Predictions of the entity rows; every row that gets none (rejected by the missing-value policy,
   * or the whole request failed: a bad row, Redis or Triton down, the log refusing) goes to the
   * log's dead letters before the answer or the error is given.
   */
  public PredictAnswer predict(String scoringName, EntityColumns entities, long now)
      throws IOException, InterruptedException {
    ScoringPlan plan = plans.computeIfAbsent(scoringName, this::plan);
    RequestRows rows = new RequestRows(plan, entities, now);
    PredictAnswer answer;
    try {
      answer = predict(plan, rows);
    } catch (IOException | RuntimeException failed) {
      deadLetter(rows.failures(failed.getMessage()), failed);
      throw failed;
    }
    deadLetter(rows.failures(null), null);
    return answer;
  }

  private PredictAnswer predict(ScoringPlan plan, RequestRows rows)
      throws IOException, InterruptedException {
    Scoring scoring = plan.scoring;
    ModelInputs inputs = plan.inputs;
    rows.read();
    int size = rows.size();
    List<List<List<Object>>> keys = new ArrayList<>();
    inputs.views().forEach(view -> keys.add(new ArrayList<>(size)));
    for (int row = 0; row < size; row++) {
      TrafficSplit split = splits.history(scoring).at(rows.requestTime(row));
      rows.route(row, split.route(rows.routingKey(row), scoring.name()), split.id());
      for (int v = 0; v < inputs.views().size(); v++) {
        keys.get(v).add(rows.viewKeys(inputs, v, row));
      }
    }

    long lookupStart = System.nanoTime();
    List<List<OnlineRecord>> records = features.records(inputs.views(), keys, size);
    long lookupMicros = (System.nanoTime() - lookupStart) / 1000;

    // Assemble, and group the rows by version: one inference call per version.
    InputRow[] assembled = new InputRow[size];
    Map<Long, List<Integer>> rowsOfVersion = new LinkedHashMap<>();
    for (int row = 0; row < size; row++) {
      long version = rows.version(row);
      assembled[row] =
          inputs.assemble(records.get(row), rows.requestTime(row), plan.trainingMeans(version));
      if (assembled[row].rejected()) {
        rows.reject(
            row,
            "model '"
                + scoring.model().name()
                + "' rejects rows with missing inputs (missing: reject); missing: "
                + String.join(", ", assembled[row].missing()));
      } else {
        rowsOfVersion.computeIfAbsent(version, v -> new ArrayList<>()).add(row);
      }
    }
    double[][] scores = new double[size][];
    long[] inferenceMicros = new long[size];
    for (Map.Entry<Long, List<Integer>> group : rowsOfVersion.entrySet()) {
      long start = System.nanoTime();
      double[][] groupScores = infer(scoring, group.getKey(), group.getValue(), assembled);
      long micros = (System.nanoTime() - start) / 1000;
      for (int i = 0; i < group.getValue().size(); i++) {
        scores[group.getValue().get(i)] = groupScores[i];
        inferenceMicros[group.getValue().get(i)] = micros;
      }
    }

    long predictedAt = System.currentTimeMillis();
    List<PredictAnswer.Row> answers = new ArrayList<>(size);
    List<ServedPrediction> logged = new ArrayList<>(size);
    for (int row = 0; row < size; row++) {
      InputRow input = assembled[row];
      if (input.rejected()) {
        answers.add(new PredictAnswer.Row(null, rows.rejection(row)));
        continue;
      }
      List<Long> asOf = new ArrayList<>(plan.featureNames.size());
      for (int i = 0; i < plan.featureNames.size(); i++) {
        long time = input.asOf()[plan.viewOfInput[i]];
        asOf.add(time == ModelInputs.NO_AS_OF ? null : time);
      }
      Object[] request = rows.request(row);
      ServedPrediction prediction =
          new ServedPrediction(
              rows.requestId(row),
              rows.requestTime(row),
              scoring.name(),
              scoring.model().name(),
              rows.version(row),
              rows.splitId(row),
              rows.routingKey(row),
              plan.encoder.encode(request),
              plan.requests.labelKey(request),
              scores[row],
              plan.featureNames,
              Arrays.asList(input.features()),
              asOf,
              input.values(),
              lookupMicros,
              inferenceMicros[row],
              predictedAt);
      answers.add(new PredictAnswer.Row(prediction, null));
      logged.add(prediction);
    }
    if (!logged.isEmpty()) {
      log.append(logged);
    }
    rows.answered();
    return new PredictAnswer(scoring.name(), scoring.model().name(), plan.featureNames, answers);
  }

  /**
   * Hands the rows that got no prediction to the log's dead letters. A log that cannot take them
   * changes no answer: the request's own failure stays the caller's error (the log's is added to it
   * as suppressed), and predictions already logged are still answered; the server logs a warning.
   */
  private void deadLetter(List<FailedPrediction> failures, Exception requestFailure) {
    if (failures.isEmpty()) {
      return;
    }
    try {
      log.deadLetter(failures);
    } catch (RuntimeException unwritten) {
      LOG.warn(
          "{} failed predictions of scoring '{}' were not dead-lettered: {}",
          failures.size(),
          failures.get(0).scoring(),
          unwritten.getMessage());
      if (requestFailure != null) {
        requestFailure.addSuppressed(unwritten);
      }
    }
  }

  private ScoringPlan plan(String name) {
    return new ScoringPlan(
        repository.scorings().stream()
            .filter(s -> s.name().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    new BadRequestException(
                        "scoring: no scoring '"
                            + name
                            + "' in the definitions; known: "
                            + repository.scorings().stream()
                                .map(Scoring::name)
                                .collect(Collectors.joining(", ")))));
  }

  /** Scores of {@code rows} (all routed to {@code version}) from one Triton call. */
  private double[][] infer(
      Scoring scoring, long version, List<Integer> rows, InputRow[] assembled) {
    String model = scoring.model().tritonModel();
    String[] names = tensorNames.computeIfAbsent(model, this::tensorNames);
    int width = scoring.model().inputs().size();
    float[] values = new float[rows.size() * width];
    for (int i = 0; i < rows.size(); i++) {
      double[] row = assembled[rows.get(i)].values();
      for (int j = 0; j < width; j++) {
        values[i * width + j] = (float) row[j];
      }
    }
    InferRequest request =
        InferRequest.builder(model)
            .version(version)
            .input(Tensor.ofFp32s(names[0], new long[] {rows.size(), width}, values))
            .output(names[1])
            .build();
    InferResult result;
    try {
      result = circuit.executeSupplier(() -> triton.infer(request));
    } catch (TritonException failed) {
      throw new ServeException(
          "inference of model '"
              + model
              + "' version "
              + version
              + " failed: "
              + failed.getMessage(),
          failed);
    } catch (CallNotPermittedException open) {
      throw circuitOpen("inference of model '" + model + "' version " + version, open);
    }
    float[] out = result.output(names[1]).asFloats();
    int k = out.length / rows.size();
    double[][] scores = new double[rows.size()][k];
    for (int i = 0; i < rows.size(); i++) {
      for (int j = 0; j < k; j++) {
        scores[i][j] = out[i * k + j];
      }
    }
    return scores;
  }

  /** The served model's input and output tensor names, from its configuration. */
  private String[] tensorNames(String model) {
    ModelConfig config;
    try {
      config = circuit.executeSupplier(() -> triton.modelConfig(model, ""));
    } catch (TritonException failed) {
      throw new ServeException(
          "the inference server does not serve model '" + model + "': " + failed.getMessage(),
          failed);
    } catch (CallNotPermittedException open) {
      throw circuitOpen("the configuration of model '" + model + "'", open);
    }
    if (config.getInputCount() != 1 || config.getOutputCount() < 1) {
      throw new ServeException(
          "model '"
              + model
              + "' as served has "
              + config.getInputCount()
              + " inputs: serving sends one FP32 input of the features of models.yaml",
          null);
    }
    return new String[] {config.getInput(0).getName(), config.getOutput(0).getName()};
  }

  private ServeException circuitOpen(String what, CallNotPermittedException open) {
    return new ServeException(
        what
            + " was not asked: UNAVAILABLE: most recent calls to "
            + String.join(",", triton.endpoints())
            + " failed, so the circuit is open ("
            + open.getMessage()
            + "); it lets trial calls through again shortly",
        open);
  }
}
