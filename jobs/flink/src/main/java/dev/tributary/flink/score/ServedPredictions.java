package dev.tributary.flink.score;

import dev.tributary.flink.records.KafkaPosition;
import dev.tributary.flink.records.Prediction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads, from the prediction log {@code tributary.predictions}, the predictions of one scoring that
 * {@code tributary serve} made (its {@code /predict}), so that the score job appends them to {@code
 * monitoring.predictions} beside its own. The server marks its records with the header {@link
 * #ORIGIN_HEADER} = {@link #SERVED}; the score job's own records carry none and are skipped without
 * being parsed.
 */
public final class ServedPredictions implements KafkaRecordDeserializationSchema<Prediction> {
  private static final long serialVersionUID = 1L;

  /** The Kafka header naming which path made a prediction record. */
  public static final String ORIGIN_HEADER = "tributary-origin";

  /** {@link #ORIGIN_HEADER}'s value on the records of {@code tributary serve}. */
  public static final String SERVED = "serve";

  private static final byte[] SERVED_BYTES = SERVED.getBytes(StandardCharsets.UTF_8);

  private final String scoring;

  ServedPredictions(String scoring) {
    this.scoring = scoring;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Prediction> out)
      throws IOException {
    if (!isServed(record)) {
      return;
    }
    Prediction prediction;
    try {
      prediction = PredictionJson.read(record.value());
    } catch (IOException corrupt) {
      throw new IOException(
          KafkaPosition.of(record)
              + " is marked as served but is not a prediction record of tributary serve: "
              + corrupt.getMessage(),
          corrupt);
    }
    if (scoring.equals(prediction.scoring)) {
      out.collect(prediction);
    }
  }

  /** Whether {@code tributary serve} wrote the record (its header {@link #ORIGIN_HEADER}). */
  static boolean isServed(ConsumerRecord<byte[], byte[]> record) {
    Header origin = record.headers().lastHeader(ORIGIN_HEADER);
    return origin != null && Arrays.equals(SERVED_BYTES, origin.value());
  }

  @Override
  public TypeInformation<Prediction> getProducedType() {
    return TypeInformation.of(Prediction.class);
  }
}
