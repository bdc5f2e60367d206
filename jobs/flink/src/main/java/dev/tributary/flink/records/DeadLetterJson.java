package dev.tributary.flink.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * A dead letter as the JSON value of a record on the dead-letter topic: {@code source}, {@code
 * payload}, {@code reason}, {@code event_time} (null when unknown), {@code recorded_at}, and for a
 * scoring request {@code model} and, once routed, {@code version}.
 */
public final class DeadLetterJson implements SerializationSchema<DeadLetter> {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public byte[] serialize(DeadLetter letter) {
    ObjectNode node = JSON.createObjectNode();
    node.put("source", letter.source);
    node.put("payload", letter.payload);
    node.put("reason", letter.reason);
    if (letter.eventTime == DeadLetter.NO_EVENT_TIME) {
      node.putNull("event_time");
    } else {
      node.put("event_time", letter.eventTime);
    }
    node.put("recorded_at", letter.recordedAt);
    if (letter.model != null) {
      node.put("model", letter.model);
    }
    if (letter.version != null) {
      node.put("version", letter.version);
    }
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }
}
