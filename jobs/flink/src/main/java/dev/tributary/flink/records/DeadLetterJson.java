package dev.tributary.flink.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * A dead letter as the JSON value of a record on the dead-letter topic: {@code source}, {@code
 * payload}, {@code reason}, {@code event_time} (null when unknown), {@code recorded_at}, and for a
 * scoring request {@code model} and, once routed, {@code version}. {@link #read} reads it back.
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

  /**
   * The dead letter a record's value holds, as {@link #serialize} wrote it.
   *
   * @throws IOException when the value is not JSON or lacks {@code source}, {@code reason} or
   *     {@code recorded_at}
   */
  public static DeadLetter read(byte[] value) throws IOException {
    JsonNode node = JSON.readTree(value);
    if (node == null || !node.isObject()) {
      throw new IOException("a dead letter is a JSON object");
    }
    DeadLetter letter =
        new DeadLetter(
            required(node, "source").asText(),
            text(node, "payload"),
            required(node, "reason").asText(),
            node.path("event_time").isNumber()
                ? node.get("event_time").asLong()
                : DeadLetter.NO_EVENT_TIME,
            required(node, "recorded_at").asLong());
    return letter.forModel(text(node, "model"), text(node, "version"));
  }

  private static JsonNode required(JsonNode node, String name) throws IOException {
    JsonNode field = node.get(name);
    if (field == null || field.isNull()) {
      throw new IOException("a dead letter has no field '" + name + "'");
    }
    return field;
  }

  private static String text(JsonNode node, String name) {
    JsonNode field = node.get(name);
    return field == null || field.isNull() ? null : field.asText();
  }
}
