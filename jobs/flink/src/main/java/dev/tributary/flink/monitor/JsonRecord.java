package dev.tributary.flink.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.flink.records.KafkaPosition;
import java.io.IOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The JSON value of a Kafka record the monitor job reads, or an error naming where it lies. */
final class JsonRecord {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonRecord() {}

  /**
   * @param expected what the record should be, for the error ("a prediction written by the score
   *     job")
   */
  static JsonNode parse(ConsumerRecord<byte[], byte[]> record, String expected) throws IOException {
    try {
      return JSON.readTree(record.value());
    } catch (IOException corrupt) {
      throw new IOException(
          KafkaPosition.of(record) + " is not " + expected + ": " + corrupt.getMessage(), corrupt);
    }
  }
}
