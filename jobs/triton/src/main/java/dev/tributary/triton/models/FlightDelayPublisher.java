package dev.tributary.triton.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.Model;
import dev.tributary.core.monitor.serving.TrainingReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the flight_delay model versions from the rows of its training table ({@link TrainingRows},
 * read from {@code training.flight_delay} by {@code tributary models train} and the demo): a split
 * by time (train on rows predicted before the cut-off day, evaluate on the later ones), version 1 a
 * logistic regression and version 2 a factorization machine, each written as {@code
 * <repository>/flight_delay/<version>/model.onnx} with a {@code metadata.json} beside it (input
 * features in order, output classes, lineage with the training table's snapshot, held-out metrics
 * and the held-out score distribution that monitoring compares with).
 */
public final class FlightDelayPublisher {

  public static final String MODEL = "flight_delay";
  private static final long SEED = 20010111L;

  /** The same text as triton-models/flight_delay/config.pbtxt (a test keeps them equal). */
  static final String DEFAULT_CONFIG = "flight_delay.config.pbtxt";

  /** One version written to the staging repository, with its held-out metrics. */
  public record Version(long version, FlightDelayTrainer.Kind kind, Map<String, Double> metrics) {}

  private FlightDelayPublisher() {}

  /**
   * Trains every {@link FlightDelayTrainer.Kind} on the rows predicted before {@code testFrom},
   * evaluates on the rest, and writes the versions into {@code repository}.
   *
   * @param model the model's definition (inputs in order, label, prediction time)
   * @param rows the training table's rows, in the model's input order
   */
  public static List<Version> publish(
      Model model, TrainingRows rows, Path repository, LocalDate testFrom) throws Exception {
    List<String> expected = model.inputs().stream().map(FeatureRef::qualifiedName).toList();
    if (!rows.featureNames().equals(expected)) {
      throw new IllegalArgumentException(
          "training rows have columns "
              + rows.featureNames()
              + ", the model's inputs are "
              + expected
              + ": rebuild the training set with 'tributary training-set --model "
              + model.name()
              + "'");
    }
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
    if (trainIndex.isEmpty() || testIndex.isEmpty()) {
      throw new IllegalArgumentException(
          "--test-from "
              + testFrom
              + " leaves "
              + trainIndex.size()
              + " training and "
              + testIndex.size()
              + " held-out rows; the training rows are predicted from "
              + Instant.ofEpochMilli(first)
              + " to "
              + Instant.ofEpochMilli(last)
              + ": pick a day in between");
    }
    Map<String, Object> lineage = new LinkedHashMap<>(new TreeMap<>(rows.lineage()));
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
    List<Version> versions = new ArrayList<>();
    for (int v = 0; v < kinds.length; v++) {
      long version = v + 1;
      FlightDelayTrainer.Trained trained =
          FlightDelayTrainer.train(
              kinds[v], rows.featureNames(), train, trainLate, test, testLate, SEED, version);
      Path dir = repository.resolve(MODEL).resolve(Long.toString(version));
      Files.createDirectories(dir);
      Files.write(dir.resolve("model.onnx"), trained.onnx().toByteArray());
      writeMetadata(dir.resolve("metadata.json"), version, rows.featureNames(), trained, lineage);
      versions.add(new Version(version, kinds[v], trained.metrics()));
    }
    return versions;
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
    // auc_late is the training AUC the monitor job's auc_drop rule compares with; score_baseline
    // the distribution its score drift is measured against (TrainingReference reads both).
    metadata.put("held_out_metrics", trained.metrics());
    metadata.put("score_baseline", TrainingReference.toJson(trained.scoreBaseline()));
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
}
