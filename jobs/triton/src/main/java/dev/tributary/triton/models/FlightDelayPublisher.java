package dev.tributary.triton.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Model;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the flight_delay model versions of {@code triton-models/}: training rows from the
 * definitions ({@code feature-defs/models.yaml}: inputs, label, prediction time) computed by the
 * aggregation core ({@link PointInTimeTrainingSet}), a split by time (train on rows predicted
 * before the cut-off day, evaluate on the later ones), version 1 a logistic regression and version
 * 2 a factorization machine, each written as {@code <repository>/flight_delay/<version>/model.onnx}
 * with a {@code metadata.json} beside it (input features in order, output classes, lineage,
 * held-out metrics).
 *
 * <p>{@code --definitions feature-defs [--data FILE] --repository triton-models [--test-from
 * 2001-01-11]}; the data defaults to the label source's files in the definitions.
 */
public final class FlightDelayPublisher {

  public static final String MODEL = "flight_delay";
  private static final long SEED = 20010111L;

  /** The same text as triton-models/flight_delay/config.pbtxt (a test keeps them equal). */
  static final String DEFAULT_CONFIG = "flight_delay.config.pbtxt";

  private FlightDelayPublisher() {}

  public static void main(String[] args) throws Exception {
    Path definitions = Paths.get("feature-defs");
    Path data = null;
    Path repository = Paths.get("triton-models");
    LocalDate testFrom = LocalDate.parse("2001-01-11");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--definitions" -> definitions = Paths.get(args[i + 1]);
        case "--data" -> data = Paths.get(args[i + 1]);
        case "--repository" -> repository = Paths.get(args[i + 1]);
        case "--test-from" -> testFrom = LocalDate.parse(args[i + 1]);
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; usage: --definitions DIR "
                    + "[--data FILE] --repository DIR [--test-from YYYY-MM-DD]");
      }
    }
    publish(definitions, data, repository, testFrom);
  }

  /**
   * @param data the label source's events as CSV; null for the source's own files in the
   *     definitions
   */
  public static void publish(Path definitionsDir, Path data, Path repository, LocalDate testFrom)
      throws Exception {
    FeatureRepository definitions = FeatureRepository.load(definitionsDir);
    Model model =
        definitions
            .model(MODEL)
            .orElseThrow(
                () ->
                    new IllegalArgumentException("no model '" + MODEL + "' in " + definitionsDir));
    // The loader has already resolved the source's file location against the definitions folder.
    Path events =
        data != null
            ? data
            : model
                .label()
                .source()
                .files()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "source '"
                                + model.label().source().name()
                                + "' has no files; pass --data"))
                .path();
    PointInTimeTrainingSet rows = PointInTimeTrainingSet.build(definitions, MODEL, events);

    long cut = testFrom.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    List<Integer> trainIndex = new ArrayList<>();
    List<Integer> testIndex = new ArrayList<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (int i = 0; i < rows.labels().length; i++) {
      long asOf = rows.predictionTimes()[i];
      first = Math.min(first, asOf);
      last = Math.max(last, asOf);
      (asOf < cut ? trainIndex : testIndex).add(i);
    }
    Map<String, Object> lineage = new LinkedHashMap<>();
    lineage.put(
        "training_rows_from",
        "dev.tributary.triton.models.PointInTimeTrainingSet: the aggregation core's "
            + "PointInTimeEvaluator over the views of "
            + definitionsDir
            + ", as of label.prediction_time; to be "
            + "replaced by the training-set job's output");
    lineage.put("data_file", events.toString());
    lineage.put("data_sha256", sha256(events));
    lineage.put("rejected_source_rows", rows.rejected());
    Map<String, String> viewVersions = new TreeMap<>();
    for (FeatureRef input : model.inputs()) {
      viewVersions.put(input.view().name(), input.view().versionedName());
    }
    lineage.put("view_versions", viewVersions);
    lineage.put(
        "label", model.label().value().canonical() + " of source " + model.label().source().name());
    lineage.put("prediction_time", model.label().predictionTime().canonical());
    lineage.put(
        "train_prediction_times",
        Instant.ofEpochMilli(first) + " .. " + Instant.ofEpochMilli(cut) + " (exclusive)");
    lineage.put("train_rows", trainIndex.size());
    lineage.put(
        "test_prediction_times", Instant.ofEpochMilli(cut) + " .. " + Instant.ofEpochMilli(last));
    lineage.put("test_rows", testIndex.size());

    float[][] train = select(rows.features(), trainIndex);
    float[][] test = select(rows.features(), testIndex);
    boolean[] trainLate = select(rows.labels(), trainIndex);
    boolean[] testLate = select(rows.labels(), testIndex);
    writeDefaultConfig(repository.resolve(MODEL));
    FlightDelayTrainer.Kind[] kinds = FlightDelayTrainer.Kind.values();
    for (int v = 0; v < kinds.length; v++) {
      long version = v + 1;
      FlightDelayTrainer.Trained trained =
          FlightDelayTrainer.train(
              kinds[v], rows.featureNames(), train, trainLate, test, testLate, SEED, version);
      Path dir = repository.resolve(MODEL).resolve(Long.toString(version));
      Files.createDirectories(dir);
      Files.write(dir.resolve("model.onnx"), trained.onnx().toByteArray());
      writeMetadata(dir.resolve("metadata.json"), version, rows.featureNames(), trained, lineage);
      System.out.println(
          MODEL + " version " + version + " (" + kinds[v] + "): " + trained.metrics());
    }
  }

  private static void writeMetadata(
      Path file,
      long version,
      List<String> features,
      FlightDelayTrainer.Trained trained,
      Map<String, Object> lineage)
      throws IOException {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("model", MODEL);
    metadata.put("version", version);
    metadata.put("kind", trained.kind().name().toLowerCase());
    metadata.put("trainer", trained.trainer());
    metadata.put(
        "input",
        Map.of(
            "name",
            "input",
            "datatype",
            "FP32",
            "shape",
            List.of(-1, features.size()),
            "features",
            features,
            "missing_values",
            "send NaN for a null feature; the graph replaces it with the training mean"));
    metadata.put(
        "output",
        Map.of(
            "name",
            "output",
            "datatype",
            "FP32",
            "shape",
            List.of(-1, trained.classes().size()),
            "classes",
            trained.classes()));
    metadata.put(
        "preprocessing",
        Map.of(
            "in_graph",
            "IsNaN/Where imputation then (x - mean) / scale",
            "mean",
            trained.mean(),
            "scale",
            trained.scale()));
    metadata.put("lineage", lineage);
    metadata.put("held_out_metrics", trained.metrics());
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .writeValue(file.toFile(), metadata);
  }

  /** A staging repository gets the published config.pbtxt unless it has its own. */
  private static void writeDefaultConfig(Path modelDir) throws IOException {
    Path config = modelDir.resolve("config.pbtxt");
    if (Files.exists(config)) {
      return;
    }
    Files.createDirectories(modelDir);
    try (InputStream in = FlightDelayPublisher.class.getResourceAsStream(DEFAULT_CONFIG)) {
      Files.copy(in, config);
    }
  }

  private static float[][] select(float[][] rows, List<Integer> index) {
    float[][] out = new float[index.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = rows[index.get(i)];
    }
    return out;
  }

  private static boolean[] select(boolean[] values, List<Integer> index) {
    boolean[] out = new boolean[index.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values[index.get(i)];
    }
    return out;
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
