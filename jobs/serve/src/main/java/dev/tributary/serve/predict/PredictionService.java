package dev.tributary.serve.predict;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.defs.Source;
import dev.tributary.core.expr.EvaluationException;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.score.InputRow;
import dev.tributary.core.score.ModelInputs;
import dev.tributary.core.score.TrafficSplit;
import dev.tributary.core.types.Column;
import dev.tributary.core.types.RowSchema;
import dev.tributary.serve.BadRequestException;
import dev.tributary.serve.ServeException;
import dev.tributary.serve.features.ColumnValue;
import dev.tributary.serve.features.EntityColumns;
import dev.tributary.serve.features.FeatureService;
import dev.tributary.triton.client.InferRequest;
import dev.tributary.triton.client.InferResult;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.client.TritonException;
import dev.tributary.triton.protocol.ModelConfig;
import dev.tributary.triton.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

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
 */
public final class PredictionService {
  private final FeatureRepository repository;
  private final FeatureService features;
  private final TritonClient triton;
  private final SplitSource splits;
  private final PredictionLog log;
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
  }

  public PredictAnswer predict(String scoringName, EntityColumns entities, long now)
      throws IOException, InterruptedException {
    ScoringPlan plan = plans.computeIfAbsent(scoringName, this::plan);
    Scoring scoring = plan.scoring;
    ModelInputs inputs = plan.inputs;
    int rows = entities.rows();
    Object[][] requests = requestRows(scoring.requests(), entities);

    long[] requestTimes = new long[rows];
    String[] routingKeys = new String[rows];
    String[] requestIds = new String[rows];
    List<List<List<Object>>> keys = new ArrayList<>();
    inputs.views().forEach(view -> keys.add(new ArrayList<>(rows)));
    for (int row = 0; row < rows; row++) {
      Object[] request = requests[row];
      requestTimes[row] = requestTime(scoring.requests(), request, now);
      routingKeys[row] = routingKey(scoring, request, row);
      requestIds[row] = requestId(scoring.requests().schema(), request);
      for (int v = 0; v < inputs.views().size(); v++) {
        keys.get(v).add(viewKeys(inputs, v, request, row));
      }
    }

    long lookupStart = System.nanoTime();
    List<List<OnlineRecord>> records = features.records(inputs.views(), keys, rows);
    long lookupMicros = (System.nanoTime() - lookupStart) / 1000;

    // Route, assemble, and group the rows by version: one inference call per version.
    long[] versions = new long[rows];
    String[] splitIds = new String[rows];
    InputRow[] assembled = new InputRow[rows];
    Map<Long, List<Integer>> rowsOfVersion = new LinkedHashMap<>();
    for (int row = 0; row < rows; row++) {
      TrafficSplit split = splits.history(scoring).at(requestTimes[row]);
      versions[row] = split.route(routingKeys[row], scoring.name());
      splitIds[row] = split.id();
      assembled[row] =
          inputs.assemble(records.get(row), requestTimes[row], plan.trainingMeans(versions[row]));
      if (!assembled[row].rejected()) {
        rowsOfVersion.computeIfAbsent(versions[row], v -> new ArrayList<>()).add(row);
      }
    }
    double[][] scores = new double[rows][];
    long[] inferenceMicros = new long[rows];
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
    List<PredictAnswer.Row> answers = new ArrayList<>(rows);
    List<ServedPrediction> logged = new ArrayList<>(rows);
    for (int row = 0; row < rows; row++) {
      InputRow input = assembled[row];
      if (input.rejected()) {
        answers.add(
            new PredictAnswer.Row(
                null,
                "model '"
                    + scoring.model().name()
                    + "' rejects rows with missing inputs (missing: reject); missing: "
                    + String.join(", ", input.missing())));
        continue;
      }
      List<Long> asOf = new ArrayList<>(plan.featureNames.size());
      for (int i = 0; i < plan.featureNames.size(); i++) {
        long time = input.asOf()[plan.viewOfInput[i]];
        asOf.add(time == ModelInputs.NO_AS_OF ? null : time);
      }
      ServedPrediction prediction =
          new ServedPrediction(
              requestIds[row],
              requestTimes[row],
              scoring.name(),
              scoring.model().name(),
              versions[row],
              splitIds[row],
              routingKeys[row],
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
    return new PredictAnswer(scoring.name(), scoring.model().name(), plan.featureNames, answers);
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

  /** The request rows in the request source's schema; a column it lacks is a bad request. */
  private static Object[][] requestRows(Source requests, EntityColumns entities) {
    RowSchema schema = requests.schema();
    for (String column : entities.columns().keySet()) {
      if (schema.indexOf(column).isEmpty()) {
        throw new BadRequestException(
            "entities."
                + column
                + " is not a column of the requests of source '"
                + requests.name()
                + "'; it has: "
                + schema.columns().stream().map(Column::name).collect(Collectors.joining(", ")));
      }
    }
    Object[][] rows = new Object[entities.rows()][schema.size()];
    for (int i = 0; i < schema.size(); i++) {
      Column column = schema.column(i);
      if (entities.has(column.name())) {
        for (int row = 0; row < rows.length; row++) {
          rows[row][i] =
              ColumnValue.of(
                  entities.value(column.name(), row),
                  column,
                  "entities." + column.name() + "[" + row + "]");
        }
      }
    }
    return rows;
  }

  private static long requestTime(Source requests, Object[] request, long now) {
    try {
      Object time = requests.eventTime().evaluate(request);
      return time == null ? now : (Long) time;
    } catch (EvaluationException unusable) {
      throw new BadRequestException(
          "request time " + requests.eventTime().canonical() + ": " + unusable.getMessage());
    }
  }

  private static String routingKey(Scoring scoring, Object[] request, int row) {
    Object key;
    try {
      key = scoring.routingKey().evaluate(request);
    } catch (EvaluationException unusable) {
      throw new BadRequestException("row " + row + ": routing key: " + unusable.getMessage());
    }
    if (key == null) {
      throw new BadRequestException(
          "row "
              + row
              + " has no routing key: scoring '"
              + scoring.name()
              + "' routes by "
              + scoring.routingKey().canonical()
              + ", give the columns it reads");
    }
    return key.toString();
  }

  private static String requestId(RowSchema schema, Object[] request) {
    var column = schema.indexOf("request_id");
    Object id = column.isPresent() ? request[column.getAsInt()] : null;
    return id == null ? UUID.randomUUID().toString() : id.toString();
  }

  private static List<Object> viewKeys(ModelInputs inputs, int view, Object[] request, int row) {
    List<Object> values;
    try {
      values = inputs.keyValues(view, request);
    } catch (EvaluationException unusable) {
      throw new BadRequestException("row " + row + ": " + unusable.getMessage());
    }
    int missing = values.indexOf(null);
    if (missing >= 0) {
      var binding = inputs.views().get(view).keys().get(missing);
      throw new BadRequestException(
          "row "
              + row
              + " has no key '"
              + binding.key().name()
              + "' for view '"
              + inputs.views().get(view).name()
              + "': give the columns of "
              + binding.value().canonical());
    }
    return values;
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
    InferResult result;
    try {
      result =
          triton.infer(
              InferRequest.builder(model)
                  .version(version)
                  .input(Tensor.ofFp32s(names[0], new long[] {rows.size(), width}, values))
                  .output(names[1])
                  .build());
    } catch (TritonException failed) {
      throw new ServeException(
          "inference of model '"
              + model
              + "' version "
              + version
              + " failed: "
              + failed.getMessage(),
          failed);
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
      config = triton.modelConfig(model, "");
    } catch (TritonException failed) {
      throw new ServeException(
          "the inference server does not serve model '" + model + "': " + failed.getMessage(),
          failed);
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
}
