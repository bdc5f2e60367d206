package dev.tributary.flink.score;

import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.RecordParser;
import dev.tributary.core.records.RecordRejection;
import dev.tributary.core.score.ScoringRequests;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.flink.records.KafkaPosition;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses scoring requests (JSON) against the requests source's schema, in the source reader, and
 * checks that each has what scoring needs (an id, a routing key, every entity key). Never throws: a
 * bad request becomes a rejected {@link ScoreRequest} with its payload and the reason (topic,
 * partition, offset first), which the router dead-letters.
 */
final class RequestDeserializer implements KafkaRecordDeserializationSchema<ScoreRequest> {
  private static final long serialVersionUID = 1L;

  private final ScoringRequests requests;
  private final RecordParser parser;

  RequestDeserializer(ScoringRequests requests) {
    this.requests = requests;
    this.parser = new RecordParser(requests.scoring().requests());
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ScoreRequest> out) {
    ScoreRequest request = new ScoreRequest();
    request.payload =
        record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
    String where = KafkaPosition.of(record) + ": ";
    if (record.value() == null) {
      request.rejection = where + "empty record (null value)";
      out.collect(request);
      return;
    }
    ParseOutcome outcome = parser.parse(record.value());
    if (outcome instanceof RecordRejection rejection) {
      request.rejection = where + rejection.reason();
      out.collect(request);
      return;
    }
    ParsedEvent event = (ParsedEvent) outcome;
    request.requestTime = event.eventTime();
    String problem = requests.problem(event.row());
    if (problem != null) {
      request.requestId = requests.requestId(event.row());
      request.rejection = where + problem;
    } else {
      request.requestId = requests.requestId(event.row());
      request.routingKey = requests.routingKey(event.row());
      request.labelKey = requests.labelKey(event.row());
      request.row = ViewValuesCodec.encodeRow(requests.scoring().requests().schema(), event.row());
    }
    out.collect(request);
  }

  @Override
  public TypeInformation<ScoreRequest> getProducedType() {
    return TypeInformation.of(ScoreRequest.class);
  }
}
