package dev.tributary.flink.score;

import dev.tributary.flink.records.DeadLetter;
import dev.tributary.flink.records.DeadLetterJson;
import dev.tributary.flink.records.KafkaPosition;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads, from the dead-letter topic {@code tributary.dead_letters}, the dead letters {@code
 * tributary serve} wrote for one scoring (requests of its {@code /predict} that got no prediction),
 * so that the score job appends them to {@code ops.dead_letters} beside its own. The server marks
 * its records with the header {@link ServedPredictions#ORIGIN_HEADER} = {@link
 * ServedPredictions#SERVED}; the records of every job carry none and are skipped without being
 * parsed (the score job's own reach the table from its own stream).
 */
final class ServedDeadLetters implements KafkaRecordDeserializationSchema<DeadLetter> {
  private static final long serialVersionUID = 1L;

  private final String source;

  /**
   * @param scoring the scoring's name; its dead letters have the source {@code scoring:NAME}
   */
  ServedDeadLetters(String scoring) {
    this.source = "scoring:" + scoring;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DeadLetter> out)
      throws IOException {
    if (!ServedPredictions.isServed(record)) {
      return;
    }
    DeadLetter letter;
    try {
      letter = DeadLetterJson.read(record.value());
    } catch (IOException corrupt) {
      throw new IOException(
          KafkaPosition.of(record)
              + " is marked as served but is not a dead letter of tributary serve: "
              + corrupt.getMessage(),
          corrupt);
    }
    if (source.equals(letter.source)) {
      out.collect(letter);
    }
  }

  @Override
  public TypeInformation<DeadLetter> getProducedType() {
    return TypeInformation.of(DeadLetter.class);
  }
}
