package dev.tributary.flink.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.monitor.labels.Prediction;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the score job's predictions ({@code tributary.predictions}, JSON of {@code PredictionJson})
 * of one model as the label join sees them. The score is the last output (the positive class's
 * probability of a {@code [p0, p1]} or single-output classifier). A prediction without a label key
 * (a join column was null) gets a key of its own request id, so it never joins and counts as
 * unlabelled.
 */
final class PredictionRecords implements KafkaRecordDeserializationSchema<Prediction> {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Prefix of the keys of predictions that cannot join (no join column is ever this text). */
  static final String NO_KEY = "\u0000no label key: ";

  private final String model;

  /**
   * @param model the model's Triton name, as written in {@code model} of each prediction
   */
  PredictionRecords(String model) {
    this.model = model;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Prediction> out)
      throws IOException {
    JsonNode node;
    try {
      node = JSON.readTree(record.value());
    } catch (IOException corrupt) {
      throw new IOException(
          record.topic()
              + "-"
              + record.partition()
              + "@"
              + record.offset()
              + " is not a prediction written by the score job: "
              + corrupt.getMessage(),
          corrupt);
    }
    if (!model.equals(node.path("model").asText())) {
      return;
    }
    JsonNode scores = node.path("scores");
    String requestId = node.path("request_id").asText();
    JsonNode key = node.path("label_key");
    out.collect(
        new Prediction(
            key.isTextual() ? key.asText() : NO_KEY + requestId,
            requestId,
            node.path("request_time").asLong(),
            node.path("version_served").asText(),
            scores.get(scores.size() - 1).asDouble()));
  }

  @Override
  public TypeInformation<Prediction> getProducedType() {
    return TypeInformation.of(Prediction.class);
  }
}
