package dev.tributary.flink.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.monitor.serving.RequestOutcome;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the dead-letter topic ({@code tributary.dead_letters}, JSON of {@code DeadLetterJson}) for
 * the failed requests of one model's versions, each at its request's event time. The topic is
 * shared by every job: records of other jobs and models are skipped here, before the timestamp
 * assigner, so they move no watermark. So are this model's requests rejected before routing (a
 * malformed request, no version: not a version's failure) and any without an event time.
 */
final class DeadLetterRecords implements KafkaRecordDeserializationSchema<RequestOutcome> {
  private static final long serialVersionUID = 1L;

  private final String model;

  /**
   * @param model the model's Triton name, as written in {@code model} of each dead letter
   */
  DeadLetterRecords(String model) {
    this.model = model;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RequestOutcome> out)
      throws IOException {
    JsonNode node = JsonRecord.parse(record, "a dead letter written by a Tributary job");
    JsonNode version = node.path("version");
    JsonNode time = node.path("event_time");
    if (model.equals(node.path("model").asText()) && version.isTextual() && time.isNumber()) {
      out.collect(RequestOutcome.deadLettered(version.asText(), time.asLong()));
    }
  }

  @Override
  public TypeInformation<RequestOutcome> getProducedType() {
    return TypeInformation.of(RequestOutcome.class);
  }
}
