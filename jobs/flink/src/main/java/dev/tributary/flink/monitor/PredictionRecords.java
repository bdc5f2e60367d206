package dev.tributary.flink.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.monitor.labels.Prediction;
import dev.tributary.core.monitor.serving.ServedPrediction;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the score job's predictions ({@code tributary.predictions}, JSON of {@code PredictionJson})
 * of one model as the label join, drift and latency see them. Inputs are taken by name ({@code
 * features}, {@code feature_values}) in the model's order; an input the record lacks, or a null
 * value, is NaN (missing). Latencies are the logged {@code inference_us}, and {@code lookup_us +
 * queue_us + inference_us} from request to prediction (absent fields count 0). The score is the
 * last output (the positive class's probability of a {@code [p0, p1]} or single-output classifier).
 * A prediction without a label key (a join column was null) gets a key of its own request id, so it
 * never joins and counts as unlabelled.
 */
final class PredictionRecords implements KafkaRecordDeserializationSchema<LoggedPrediction> {
  private static final long serialVersionUID = 1L;

  /** Prefix of the keys of predictions that cannot join (no join column is ever this text). */
  static final String NO_KEY = "\u0000no label key: ";

  private final String model;
  private final List<String> inputs;

  /**
   * @param model the model's Triton name, as written in {@code model} of each prediction
   * @param inputs the model's inputs as {@code view.feature}, in the model's order
   */
  PredictionRecords(String model, List<String> inputs) {
    this.model = model;
    this.inputs = List.copyOf(inputs);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<LoggedPrediction> out)
      throws IOException {
    JsonNode node = JsonRecord.parse(record, "a prediction written by the score job");
    if (!model.equals(node.path("model").asText())) {
      return;
    }
    JsonNode scores = node.path("scores");
    String requestId = node.path("request_id").asText();
    JsonNode key = node.path("label_key");
    long time = node.path("request_time").asLong();
    String version = node.path("version_served").asText();
    double score = scores.get(scores.size() - 1).asDouble();
    long inference = node.path("inference_us").asLong();
    out.collect(
        new LoggedPrediction(
            new Prediction(
                key.isTextual() ? key.asText() : NO_KEY + requestId,
                requestId,
                time,
                version,
                score),
            new ServedPrediction(
                version,
                time,
                score,
                inputValues(node),
                inference,
                node.path("lookup_us").asLong() + node.path("queue_us").asLong() + inference)));
  }

  private double[] inputValues(JsonNode node) {
    double[] values = new double[inputs.size()];
    java.util.Arrays.fill(values, Double.NaN);
    JsonNode names = node.path("features");
    JsonNode logged = node.path("feature_values");
    for (int i = 0; i < names.size(); i++) {
      int input = inputs.indexOf(names.get(i).asText());
      JsonNode value = logged.path(i);
      if (input >= 0 && value.isNumber()) {
        values[input] = value.asDouble();
      }
    }
    return values;
  }

  @Override
  public TypeInformation<LoggedPrediction> getProducedType() {
    return TypeInformation.of(LoggedPrediction.class);
  }
}
