package dev.tributary.flink.score;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.flink.records.Prediction;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * A prediction as the JSON value of a {@code tributary.predictions} record; field names are the
 * columns of {@code monitoring.predictions} plus {@code label_key}, which the monitor job joins on,
 * a missing feature value or as-of time is null.
 *
 * <p>Written with Jackson's streaming generator straight into bytes: one record per prediction is
 * on the score job's hot path, where building a tree and a {@code String} first cost a copy each.
 */
public final class PredictionJson implements SerializationSchema<Prediction> {
  private static final long serialVersionUID = 1L;
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper JSON = new ObjectMapper(FACTORY);

  @Override
  public byte[] serialize(Prediction p) {
    ByteArrayBuilder bytes = new ByteArrayBuilder(1024);
    try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
      json.writeStartObject();
      json.writeStringField("request_id", p.requestId);
      json.writeNumberField("request_time", p.requestTime);
      json.writeStringField("scoring", p.scoring);
      json.writeStringField("model", p.model);
      json.writeNumberField("version_chosen", p.versionChosen);
      json.writeNumberField("version_served", p.versionServed);
      json.writeStringField("split_id", p.splitId);
      json.writeStringField("routing_key", p.routingKey);
      json.writeStringField("label_key", p.labelKey);
      json.writeStringField("request", p.request);
      json.writeArrayFieldStart("scores");
      for (double score : p.scores) {
        json.writeNumber(score);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("features");
      for (String feature : p.features) {
        json.writeString(feature);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("feature_values");
      for (double value : p.featureValues) {
        if (Double.isNaN(value)) {
          json.writeNull();
        } else {
          json.writeNumber(value);
        }
      }
      json.writeEndArray();
      json.writeArrayFieldStart("feature_as_of");
      for (long asOf : p.featureAsOf) {
        if (asOf == Prediction.NO_AS_OF) {
          json.writeNull();
        } else {
          json.writeNumber(asOf);
        }
      }
      json.writeEndArray();
      json.writeNumberField("lookup_us", p.lookupMicros);
      json.writeNumberField("queue_us", p.queueMicros);
      json.writeNumberField("inference_us", p.inferenceMicros);
      json.writeStringField("job_id", p.jobId);
      json.writeNumberField("predicted_at", p.predictedAt);
      json.writeEndObject();
    } catch (IOException cannot) {
      throw new UncheckedIOException("cannot write prediction " + p.requestId, cannot);
    }
    return bytes.toByteArray();
  }

  /**
   * The prediction a record of {@link #serialize} holds.
   *
   * @throws IOException when the bytes are not JSON or lack a field of the prediction log
   */
  public static Prediction read(byte[] value) throws IOException {
    JsonNode node = JSON.readTree(value);
    Prediction p = new Prediction();
    p.requestId = text(node, "request_id");
    p.requestTime = number(node, "request_time");
    p.scoring = text(node, "scoring");
    p.model = text(node, "model");
    p.versionChosen = number(node, "version_chosen");
    p.versionServed = number(node, "version_served");
    p.splitId = text(node, "split_id");
    p.routingKey = text(node, "routing_key");
    p.labelKey = text(node, "label_key");
    p.request = text(node, "request");
    JsonNode scores = field(node, "scores");
    p.scores = new double[scores.size()];
    for (int i = 0; i < p.scores.length; i++) {
      p.scores[i] = scores.get(i).asDouble();
    }
    JsonNode features = field(node, "features");
    JsonNode values = field(node, "feature_values");
    JsonNode asOf = field(node, "feature_as_of");
    p.features = new String[features.size()];
    p.featureValues = new double[p.features.length];
    p.featureAsOf = new long[p.features.length];
    for (int i = 0; i < p.features.length; i++) {
      p.features[i] = features.get(i).asText();
      p.featureValues[i] = values.path(i).isNumber() ? values.get(i).asDouble() : Double.NaN;
      p.featureAsOf[i] = asOf.path(i).isNumber() ? asOf.get(i).asLong() : Prediction.NO_AS_OF;
    }
    p.lookupMicros = number(node, "lookup_us");
    p.queueMicros = number(node, "queue_us");
    p.inferenceMicros = number(node, "inference_us");
    p.jobId = text(node, "job_id");
    p.predictedAt = number(node, "predicted_at");
    return p;
  }

  private static JsonNode field(JsonNode node, String name) throws IOException {
    JsonNode field = node.get(name);
    if (field == null) {
      throw new IOException("a prediction record has no field '" + name + "'");
    }
    return field;
  }

  private static String text(JsonNode node, String name) throws IOException {
    JsonNode field = field(node, name);
    return field.isNull() ? null : field.asText();
  }

  private static long number(JsonNode node, String name) throws IOException {
    return field(node, name).asLong();
  }
}
