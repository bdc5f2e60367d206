package dev.tributary.flink.score;

import dev.tributary.flink.records.DeadLetter;
import dev.tributary.flink.records.DeadLetterJson;
import dev.tributary.flink.records.KafkaPosition;
import dev.tributary.flink.records.Prediction;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads, from a topic {@code tributary serve} shares with the score job, the records the server
 * wrote for one scoring, so that the score job appends them to its tables beside its own: the
 * predictions of its {@code /predict} from {@code tributary.predictions} (for {@code
 * monitoring.predictions}) and its dead letters from {@code tributary.dead_letters} (for {@code
 * ops.dead_letters}). The server marks its records with the header {@link #ORIGIN_HEADER} = {@link
 * #SERVED}; the records of every job carry none and are skipped without being parsed (the score
 * job's own reach the tables from its own streams). A marked record that does not parse fails the
 * job with its Kafka position: the server wrote it, so it is a bug, not a user's bad record.
 */
public final class ServedRecords<T> implements KafkaRecordDeserializationSchema<T> {
  private static final long serialVersionUID = 1L;

  /** The Kafka header naming which path made a record. */
  public static final String ORIGIN_HEADER = "tributary-origin";

  /** {@link #ORIGIN_HEADER}'s value on the records of {@code tributary serve}. */
  public static final String SERVED = "serve";

  private static final byte[] SERVED_BYTES = SERVED.getBytes(StandardCharsets.UTF_8);

  /** Parses a record's value (the function ships with the job, so it is serializable). */
  interface Reader<T> extends Serializable {
    T read(byte[] value) throws IOException;
  }

  /** The scoring a record belongs to, as the record names it. */
  interface Owner<T> extends Serializable {
    String of(T record);
  }

  private final Class<T> type;
  private final String kind;
  private final Reader<T> reader;
  private final Owner<T> owner;
  private final String wanted;

  private ServedRecords(
      Class<T> type, String kind, Reader<T> reader, Owner<T> owner, String wanted) {
    this.type = type;
    this.kind = kind;
    this.reader = reader;
    this.owner = owner;
    this.wanted = wanted;
  }

  /** The served predictions of {@code scoring} (their field {@code scoring}). */
  static ServedRecords<Prediction> predictions(String scoring) {
    return new ServedRecords<>(
        Prediction.class, "a prediction record", PredictionJson::read, p -> p.scoring, scoring);
  }

  /** The served dead letters of {@code scoring} (their source {@code scoring:NAME}). */
  static ServedRecords<DeadLetter> deadLetters(String scoring) {
    return new ServedRecords<>(
        DeadLetter.class,
        "a dead letter",
        DeadLetterJson::read,
        letter -> letter.source,
        "scoring:" + scoring);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out)
      throws IOException {
    if (!isServed(record)) {
      return;
    }
    T parsed;
    try {
      parsed = reader.read(record.value());
    } catch (IOException corrupt) {
      throw new IOException(
          KafkaPosition.of(record)
              + " is marked as served but is not "
              + kind
              + " of tributary serve: "
              + corrupt.getMessage(),
          corrupt);
    }
    if (wanted.equals(owner.of(parsed))) {
      out.collect(parsed);
    }
  }

  /** Whether {@code tributary serve} wrote the record (its header {@link #ORIGIN_HEADER}). */
  private static boolean isServed(ConsumerRecord<byte[], byte[]> record) {
    Header origin = record.headers().lastHeader(ORIGIN_HEADER);
    return origin != null && Arrays.equals(SERVED_BYTES, origin.value());
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return TypeInformation.of(type);
  }
}
