package dev.tributary.flink.materialize;

import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.Provenance;
import dev.tributary.core.records.RecordParser;
import dev.tributary.core.records.RecordRejection;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.flink.records.SourceRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses a source's Kafka records (JSON objects) against its declared schema, in the source reader,
 * so that each partition's watermark is generated from real event times.
 *
 * <p>Never throws for a bad record: it becomes a rejected {@link SourceRecord} carrying the payload
 * and the reason (with topic, partition and offset), which the next operator dead-letters.
 */
public final class SourceRecordDeserializer
    implements KafkaRecordDeserializationSchema<SourceRecord> {
  private static final long serialVersionUID = 1L;

  private final Source source;
  private final RecordParser parser;

  public SourceRecordDeserializer(Source source) {
    this.source = source;
    this.parser = new RecordParser(source);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord> out) {
    String payload =
        record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
    if (record.value() == null) {
      out.collect(SourceRecord.rejected(payload, where(record) + ": empty record (null value)"));
      return;
    }
    ParseOutcome outcome = parser.parse(record.value());
    if (outcome instanceof ParsedEvent event) {
      out.collect(
          SourceRecord.accepted(
              payload, ViewValuesCodec.encodeRow(source.schema(), event.row()), event.eventTime()));
    } else {
      out.collect(
          SourceRecord.rejected(payload, ((RecordRejection) outcome).at(where(record)).reason()));
    }
  }

  private static String where(ConsumerRecord<?, ?> record) {
    return Provenance.kafkaRecord(record.topic(), record.partition(), record.offset());
  }

  @Override
  public TypeInformation<SourceRecord> getProducedType() {
    return TypeInformation.of(SourceRecord.class);
  }
}
