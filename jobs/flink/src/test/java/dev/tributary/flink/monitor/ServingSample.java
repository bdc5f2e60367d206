package dev.tributary.flink.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.Model;
import dev.tributary.core.defs.Source;
import dev.tributary.core.monitor.labels.LabelEvent;
import dev.tributary.core.monitor.labels.LabelKey;
import dev.tributary.core.monitor.labels.Prediction;
import dev.tributary.core.monitor.serving.ServedPrediction;
import dev.tributary.core.monitor.serving.TrainingReference;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.training.BaselineStatistics;
import dev.tributary.core.training.FeatureBaseline;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.flink.KafkaTopics;
import dev.tributary.flink.iceberg.TrainingColumns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Flights (the label source) and predictions of two versions with every model input logged: a
 * training baseline per input ({@code f + N(0, 1)} for input {@code f}, 5% null), and live inputs
 * from the same distributions except input {@link #SHIFTED}, shifted by one standard deviation.
 * Version 2 scores better than version 1. Ten predictions per flight, made 2 hours before it.
 */
final class ServingSample {
  static final int SHIFTED = 3;
  private static final double NULL_SHARE = 0.05;
  private static final ObjectMapper JSON = new ObjectMapper();

  final Model model;
  final List<String> columns;
  final List<FeatureBaseline> baselines;
  final List<ParsedEvent> flightEvents = new ArrayList<>();
  final List<LabelEvent> labels = new ArrayList<>();
  final List<Prediction> predictions = new ArrayList<>();
  final List<ServedPrediction> served = new ArrayList<>();
  final List<String> json = new ArrayList<>();

  /**
   * @param flights flights, one every {@code spacingMillis} from {@code base}
   */
  ServingSample(Model model, Random random, long base, int flights, long spacingMillis) {
    this.model = model;
    this.columns = model.inputs().stream().map(TrainingColumns::columnOf).toList();
    this.baselines = baselines(columns, random);
    Source source = model.label().source();
    LabelKey keys = new LabelKey(model.label().joinOn(), source.schema(), source.name());
    String[] airports = {"ORD", "ATL", "DFW", "SFO", "JFK"};
    for (int i = 0; i < flights; i++) {
      long date = base + i * spacingMillis;
      long delay = random.nextInt(10) == 0 ? 400 + random.nextInt(200) : random.nextInt(90) - 15;
      Object[] row = {date, delay, 500L, airports[i % 5], airports[(i / 5 + 1 + i % 5) % 5]};
      String key = keys.of(row);
      flightEvents.add(new ParsedEvent(row, date + delay * 60_000L));
      labels.add(new LabelEvent(key, date + delay * 60_000L, delay > 15));
      for (int r = 0; r < 10; r++) {
        String version = random.nextBoolean() ? "2" : "1";
        double noise = random.nextDouble();
        double score = version.equals("2") ? 0.6 * noise + 0.4 * (delay > 15 ? 1 : 0) : noise;
        long time = date - 2 * 3_600_000L + r * 100L;
        double[] inputs = new double[columns.size()];
        for (int f = 0; f < inputs.length; f++) {
          inputs[f] =
              random.nextDouble() < NULL_SHARE
                  ? Double.NaN
                  : f + random.nextGaussian() + (f == SHIFTED ? 1.0 : 0.0);
        }
        long lookup = 200 + random.nextInt(3_000);
        long queue = random.nextInt(20_000);
        long inference = 500 + (long) (Math.abs(random.nextGaussian()) * 8_000);
        Prediction p = new Prediction(key, "r" + i + "-" + r, time, version, score);
        predictions.add(p);
        served.add(
            new ServedPrediction(
                version, time, score, inputs, inference, lookup + queue + inference));
        json.add(json(p, inputs, lookup, queue, inference));
      }
    }
    flightEvents.sort(Comparator.comparingLong(ParsedEvent::eventTime));
  }

  /** Publishes the flights (in label-time order) and the predictions. */
  void publish(KafkaExtension kafka) throws Exception {
    Source flights = model.label().source();
    kafka.createTopic(flights.topic().orElseThrow(), 2);
    KafkaTopics.publish(
        kafka.bootstrapServers(),
        flights.topic().orElseThrow(),
        KafkaTopics.asJson(flights, flightEvents),
        2);
    // one partition: with two, a reader that finished sends the end-of-input watermark while the
    // other, stalled on a loaded machine for the source's idle timeout, is ignored as idle, and its
    // remaining predictions are then late (counted since start only), which the expected windows
    // do not model
    kafka.createTopic(DeploymentPlan.PREDICTIONS_TOPIC, 1);
    KafkaTopics.publish(kafka.bootstrapServers(), DeploymentPlan.PREDICTIONS_TOPIC, json, 1);
  }

  /**
   * Held-out AUC given per version, and score baselines: version 1's from its own live distribution
   * (uniform), version 2's from its scores without the label's part ({@code 0.6 u}), so version 2's
   * live scores, {@code 0.4} higher for late flights, drift from it and version 1's do not.
   */
  static final Map<String, Double> HELD_OUT_AUC = Map.of("1", 0.75, "2", 0.90);

  /**
   * Writes {@code <folder>/flight_delay/<version>/metadata.json} for both versions with {@link
   * #HELD_OUT_AUC} and the score baselines above; returns the model served from that repository.
   */
  Model withModelRepository(Path folder, Random random) throws IOException {
    for (String version : List.of("1", "2")) {
      float[] heldOut = new float[20_000];
      for (int i = 0; i < heldOut.length; i++) {
        heldOut[i] =
            (float) (version.equals("1") ? random.nextDouble() : 0.6 * random.nextDouble());
      }
      Path dir = Files.createDirectories(folder.resolve(model.tritonModel()).resolve(version));
      JSON.writeValue(
          dir.resolve("metadata.json").toFile(),
          Map.of(
              "held_out_metrics",
              Map.of("auc_late", HELD_OUT_AUC.get(version)),
              "score_baseline",
              TrainingReference.toJson(TrainingReference.scoreBaseline(heldOut))));
    }
    return model.withRepository(folder.toAbsolutePath().toString());
  }

  private static List<FeatureBaseline> baselines(List<String> columns, Random random) {
    List<FeatureBaseline> baselines = new ArrayList<>();
    for (int f = 0; f < columns.size(); f++) {
      Double[] values = new Double[20_000];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextDouble() < NULL_SHARE ? null : f + random.nextGaussian();
      }
      BaselineStatistics stats = new BaselineStatistics(columns.get(f), 10);
      for (Double v : values) {
        stats.observe(v);
      }
      stats.fixEdges();
      for (Double v : values) {
        stats.count(v);
      }
      baselines.add(stats.result());
    }
    return baselines;
  }

  private String json(Prediction p, double[] inputs, long lookup, long queue, long inference) {
    ObjectNode node = JSON.createObjectNode();
    node.put("request_id", p.requestId());
    node.put("request_time", p.time());
    node.put("model", model.tritonModel());
    node.put("version_served", Long.parseLong(p.version()));
    node.putArray("scores").add(1 - p.score()).add(p.score());
    node.put("label_key", p.key());
    ArrayNode names = node.putArray("features");
    ArrayNode values = node.putArray("feature_values");
    List<FeatureRef> refs = model.inputs();
    for (int f = 0; f < refs.size(); f++) {
      names.add(refs.get(f).qualifiedName());
      if (Double.isNaN(inputs[f])) {
        values.addNull();
      } else {
        values.add(inputs[f]);
      }
    }
    node.put("lookup_us", lookup);
    node.put("queue_us", queue);
    node.put("inference_us", inference);
    return node.toString();
  }
}
