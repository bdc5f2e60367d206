package dev.tributary.triton.models;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.tributary.core.monitor.serving.TrainingReference;
import dev.tributary.core.training.FeatureBaseline;
import java.nio.FloatBuffer;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.ImmutableDataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.fm.FMClassificationTrainer;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains a flight_delay classifier with Tribuo, exports it to ONNX with the preprocessing folded in
 * ({@link InputStandardization}), and checks the exported graph under ONNX Runtime against Tribuo's
 * own predictions before anything is published.
 *
 * <p>Tribuo numbers features in lexicographic order of their names, so features are named {@code
 * 00_origin_delays.mean_delay_1h}, {@code 01_...}: the ONNX input columns then follow the model's
 * input order, which the export checks.
 */
public final class FlightDelayTrainer {

  /** The kinds of model published as versions of flight_delay. */
  public enum Kind {
    LOGISTIC_REGRESSION,
    FACTORIZATION_MACHINE
  }

  /**
   * A trained, exported and verified model with its held-out metrics and the distribution of its
   * held-out scores ({@link TrainingReference#scoreBaseline}), which monitoring compares live
   * scores with.
   */
  public record Trained(
      Kind kind,
      String trainer,
      OnnxMl.ModelProto onnx,
      List<String> classes,
      float[] mean,
      float[] scale,
      Map<String, Double> metrics,
      FeatureBaseline scoreBaseline) {}

  // Tribuo logs every N examples; training runs in batch jobs and tests, where that is noise.
  private static final int LOG_NEVER = Integer.MAX_VALUE;

  // ... and two INFO lines per model through java.util.logging, in the middle of the demo's steps.
  // Held here: JUL keeps loggers only weakly, and a collected logger forgets its level.
  private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

  static {
    TRIBUO_LOG.setLevel(Level.WARNING);
  }

  static final String LATE = "late";
  static final String ON_TIME = "on_time";

  /** The output's classes in order: the positive class (the label true, late) last. */
  static final List<String> CLASSES = List.of(ON_TIME, LATE);

  private FlightDelayTrainer() {}

  /**
   * @param train raw feature rows (NaN = missing) and labels (true = late) of the training period
   * @param test the same for the later, held-out period
   */
  public static Trained train(
      Kind kind,
      List<String> features,
      float[][] train,
      boolean[] trainLate,
      float[][] test,
      boolean[] testLate,
      long seed,
      long version)
      throws OrtException {
    int width = features.size();
    float[] mean = new float[width];
    float[] scale = new float[width];
    for (int c = 0; c < width; c++) {
      double sum = 0;
      double squares = 0;
      long n = 0;
      for (float[] row : train) {
        if (!Float.isNaN(row[c])) {
          sum += row[c];
          squares += (double) row[c] * row[c];
          n++;
        }
      }
      mean[c] = n == 0 ? 0f : (float) (sum / n);
      double variance = n == 0 ? 0 : squares / n - (sum / n) * (sum / n);
      scale[c] = variance > 1e-12 ? (float) Math.sqrt(variance) : 1f;
    }
    Trainer<Label> trainer =
        switch (kind) {
          case LOGISTIC_REGRESSION ->
              new LinearSGDTrainer(
                  new LogMulticlass(), new AdaGrad(0.1, 0.1), 3, LOG_NEVER, 1, seed);
          case FACTORIZATION_MACHINE ->
              new FMClassificationTrainer(
                  new LogMulticlass(), new AdaGrad(0.05, 0.1), 3, LOG_NEVER, 1, seed, 4, 0.1);
        };
    Model<Label> model = trainer.train(dataset(features, train, trainLate, mean, scale));
    checkFeatureOrder(features, model.getFeatureIDMap());
    List<String> classes = new ArrayList<>();
    for (Pair<Integer, Label> entry : model.getOutputIDInfo()) {
      classes.add(entry.getB().getLabel());
    }
    if (!classes.equals(CLASSES)) {
      throw new IllegalStateException("outputs in the order " + classes + ", not " + CLASSES);
    }
    OnnxMl.ModelProto onnx =
        InputStandardization.wrap(
            ((ONNXExportable) model).exportONNXModel("dev.tributary.flight_delay", version),
            mean,
            scale);

    float[][] onnxProbabilities = run(onnx, test);
    int lateColumn = classes.indexOf(LATE);
    float[] lateProbability = new float[test.length];
    double maxDifference = 0;
    for (int i = 0; i < test.length; i++) {
      lateProbability[i] = onnxProbabilities[i][lateColumn];
      if (i < 2000) {
        ArrayExample<Label> example = example(features, test[i], testLate[i], mean, scale);
        double tribuo = model.predict(example).getOutputScores().get(LATE).getScore();
        maxDifference = Math.max(maxDifference, Math.abs(tribuo - lateProbability[i]));
      }
    }
    if (maxDifference > 1e-4) {
      throw new IllegalStateException(
          kind + ": the exported ONNX graph differs from Tribuo by " + maxDifference);
    }
    long lateCount = 0;
    for (boolean late : testLate) {
      lateCount += late ? 1 : 0;
    }
    Map<String, Double> metrics =
        Map.of(
            "auc_late", BinaryMetrics.auc(lateProbability, testLate),
            "log_loss", BinaryMetrics.logLoss(lateProbability, testLate),
            "accuracy", BinaryMetrics.accuracy(lateProbability, testLate),
            "late_base_rate", (double) lateCount / testLate.length,
            "onnx_vs_tribuo_max_abs_diff", maxDifference);
    return new Trained(
        kind,
        trainer.toString(),
        onnx,
        classes,
        mean,
        scale,
        metrics,
        TrainingReference.scoreBaseline(lateProbability));
  }

  /** Runs an ONNX classifier on raw rows with ONNX Runtime; one probability row per input row. */
  public static float[][] run(OnnxMl.ModelProto onnx, float[][] rows) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    int width = rows.length == 0 ? 0 : rows[0].length;
    FloatBuffer input = FloatBuffer.allocate(rows.length * width);
    for (float[] row : rows) {
      input.put(row);
    }
    input.rewind();
    try (OrtSession session = env.createSession(onnx.toByteArray());
        OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[] {rows.length, width});
        OrtSession.Result result =
            session.run(Map.of(session.getInputNames().iterator().next(), tensor))) {
      return (float[][]) result.get(0).getValue();
    }
  }

  private static Dataset<Label> dataset(
      List<String> features, float[][] rows, boolean[] late, float[] mean, float[] scale) {
    LabelFactory labels = new LabelFactory();
    List<Example<Label>> examples = new ArrayList<>(rows.length);
    for (int i = 0; i < rows.length; i++) {
      examples.add(example(features, rows[i], late[i], mean, scale));
    }
    MutableDataset<Label> dataset =
        new MutableDataset<>(
            new ListDataSource<>(
                examples,
                labels,
                new SimpleDataSourceProvenance(
                    "flight_delay training rows", OffsetDateTime.now(), labels)));
    // Tribuo numbers the classes in hash order ("late" first); the output must be [P(on_time),
    // P(late)]: readers of the prediction log (the monitor job) take the last output as the
    // probability of the positive class, the label being true.
    Map<Label, Integer> order = new HashMap<>();
    for (int i = 0; i < CLASSES.size(); i++) {
      order.put(new Label(CLASSES.get(i)), i);
    }
    return ImmutableDataset.copyDataset(
        dataset, dataset.getFeatureIDMap(), labels.constructInfoForExternalModel(order));
  }

  private static ArrayExample<Label> example(
      List<String> features, float[] row, boolean late, float[] mean, float[] scale) {
    String[] names = new String[row.length];
    double[] values = new double[row.length];
    for (int c = 0; c < row.length; c++) {
      names[c] = tribuoName(features, c);
      // The same imputation and scaling the ONNX graph applies, so Tribuo sees what ONNX computes.
      values[c] = Float.isNaN(row[c]) ? 0.0 : ((double) ((row[c] - mean[c]) / scale[c]));
    }
    return new ArrayExample<>(new Label(late ? LATE : ON_TIME), names, values);
  }

  private static String tribuoName(List<String> features, int column) {
    return String.format("%02d_%s", column, features.get(column));
  }

  private static void checkFeatureOrder(List<String> expected, ImmutableFeatureMap features) {
    if (features.size() != expected.size()) {
      throw new IllegalStateException(
          "Tribuo saw "
              + features.size()
              + " features, expected "
              + expected.size()
              + " (a feature that is always 0 is dropped)");
    }
    for (int id = 0; id < features.size(); id++) {
      if (!features.get(id).getName().equals(tribuoName(expected, id))) {
        throw new IllegalStateException(
            "ONNX input column "
                + id
                + " would be "
                + features.get(id).getName()
                + ", expected "
                + tribuoName(expected, id));
      }
    }
  }
}
