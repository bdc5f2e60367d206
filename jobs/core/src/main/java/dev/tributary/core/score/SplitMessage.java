package dev.tributary.core.score;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A split as a record of the control topic {@code tributary.traffic_splits}, keyed by the scoring
 * name:
 *
 * <pre>
 * {"scoring":"flight_delay_live","id":"flight_delay_live#2","effective_from":979603200000,
 *  "weights":{"1":50,"2":50}}
 * </pre>
 *
 * The topic is the history itself (never compacted): {@code tributary split show} and every score
 * job read it from the beginning.
 */
public record SplitMessage(String scoring, TrafficSplit split) {
  private static final JsonFactory JSON = new JsonFactory();

  public byte[] toJson() {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = JSON.createGenerator(text)) {
      out.writeStartObject();
      out.writeStringField("scoring", scoring);
      out.writeStringField("id", split.id());
      out.writeNumberField("effective_from", split.effectiveFrom());
      out.writeObjectFieldStart("weights");
      for (Map.Entry<Long, Integer> weight : split.weights().entrySet()) {
        out.writeNumberField(Long.toString(weight.getKey()), weight.getValue());
      }
      out.writeEndObject();
      out.writeEndObject();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a control record.
   *
   * @throws IllegalArgumentException naming what is wrong, for the dead letters
   */
  public static SplitMessage fromJson(byte[] utf8) {
    String scoring = null;
    String id = null;
    Long effectiveFrom = null;
    Map<Long, Integer> weights = null;
    try (JsonParser in = JSON.createParser(utf8)) {
      if (in.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("a traffic split record must be a JSON object");
      }
      while (in.nextToken() == JsonToken.FIELD_NAME) {
        String field = in.currentName();
        in.nextToken();
        switch (field) {
          case "scoring" -> scoring = in.getValueAsString();
          case "id" -> id = in.getValueAsString();
          case "effective_from" -> effectiveFrom = in.getLongValue();
          case "weights" -> weights = weights(in);
          default -> in.skipChildren();
        }
      }
    } catch (IOException | NumberFormatException malformed) {
      throw new IllegalArgumentException("not a traffic split record: " + malformed.getMessage());
    }
    if (scoring == null || id == null || effectiveFrom == null || weights == null) {
      throw new IllegalArgumentException(
          "a traffic split record needs scoring, id, effective_from and weights");
    }
    return new SplitMessage(scoring, new TrafficSplit(id, effectiveFrom, new TreeMap<>(weights)));
  }

  private static Map<Long, Integer> weights(JsonParser in) throws IOException {
    if (in.currentToken() != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException("weights must be an object of \"version\": weight");
    }
    Map<Long, Integer> weights = new TreeMap<>();
    while (in.nextToken() == JsonToken.FIELD_NAME) {
      long version = Long.parseLong(in.currentName());
      in.nextToken();
      weights.put(version, in.getIntValue());
    }
    return weights;
  }
}
