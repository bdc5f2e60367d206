package dev.tributary.flink.score;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Kafka records stamped with a time of their own (when the prediction or dead letter was made), not
 * the Flink record's timestamp: the batcher's end-of-input timer stamps its last batches with
 * {@code Long.MAX_VALUE - 1}, which brokers reject.
 */
final class TimestampedRecords<T> implements KafkaRecordSerializationSchema<T> {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final SerializationSchema<T> values;
  private final SerializableFunction<T, Long> time;

  TimestampedRecords(
      String topic, SerializationSchema<T> values, SerializableFunction<T, Long> time) {
    this.topic = topic;
    this.values = values;
    this.time = time;
  }

  @Override
  public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext)
      throws Exception {
    values.open(context);
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T element, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(topic, null, time.apply(element), null, values.serialize(element));
  }
}
