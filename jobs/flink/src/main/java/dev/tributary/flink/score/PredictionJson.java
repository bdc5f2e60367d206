package dev.tributary.flink.score;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
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

  /**
   * Doubles (scores, feature values) written with Jackson's Schubfach writer: the shortest digits
   * that read back to the same double, at a fraction of {@code Double.toString}'s cost, which was a
   * tenth of this class's time in a profile.
   */
  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

  private static final ObjectMapper JSON = new ObjectMapper(FACTORY);

  // Field names encoded to UTF-8 once, not at every record.
  private static final SerializedString REQUEST_ID = new SerializedString("request_id");
  private static final SerializedString REQUEST_TIME = new SerializedString("request_time");
  private static final SerializedString SCORING = new SerializedString("scoring");
  private static final SerializedString MODEL = new SerializedString("model");
  private static final SerializedString VERSION_CHOSEN = new SerializedString("version_chosen");
  private static final SerializedString VERSION_SERVED = new SerializedString("version_served");
  private static final SerializedString SPLIT_ID = new SerializedString("split_id");
  private static final SerializedString ROUTING_KEY = new SerializedString("routing_key");
  private static final SerializedString LABEL_KEY = new SerializedString("label_key");
  private static final SerializedString REQUEST = new SerializedString("request");
  private static final SerializedString SCORES = new SerializedString("scores");
  private static final SerializedString FEATURES = new SerializedString("features");
  private static final SerializedString FEATURE_VALUES = new SerializedString("feature_values");
  private static final SerializedString FEATURE_AS_OF = new SerializedString("feature_as_of");
  private static final SerializedString LOOKUP_US = new SerializedString("lookup_us");
  private static final SerializedString QUEUE_US = new SerializedString("queue_us");
  private static final SerializedString INFERENCE_US = new SerializedString("inference_us");
  private static final SerializedString JOB_ID = new SerializedString("job_id");
  private static final SerializedString PREDICTED_AT = new SerializedString("predicted_at");

  @Override
  public byte[] serialize(Prediction p) {
    ByteArrayBuilder bytes = new ByteArrayBuilder(1024);
    try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
      json.writeStartObject();
      string(json, REQUEST_ID, p.requestId);
      number(json, REQUEST_TIME, p.requestTime);
      string(json, SCORING, p.scoring);
      string(json, MODEL, p.model);
      number(json, VERSION_CHOSEN, p.versionChosen);
      number(json, VERSION_SERVED, p.versionServed);
      string(json, SPLIT_ID, p.splitId);
      string(json, ROUTING_KEY, p.routingKey);
      string(json, LABEL_KEY, p.labelKey);
      string(json, REQUEST, p.request);
      json.writeFieldName(SCORES);
      json.writeStartArray();
      for (double score : p.scores) {
        json.writeNumber(score);
      }
      json.writeEndArray();
      json.writeFieldName(FEATURES);
      json.writeStartArray();
      for (String feature : p.features) {
        json.writeString(feature);
      }
      json.writeEndArray();
      json.writeFieldName(FEATURE_VALUES);
      json.writeStartArray();
      for (double value : p.featureValues) {
        if (Double.isNaN(value)) {
          json.writeNull();
        } else {
          json.writeNumber(value);
        }
      }
      json.writeEndArray();
      json.writeFieldName(FEATURE_AS_OF);
      json.writeStartArray();
      for (long asOf : p.featureAsOf) {
        if (asOf == Prediction.NO_AS_OF) {
          json.writeNull();
        } else {
          json.writeNumber(asOf);
        }
      }
      json.writeEndArray();
      number(json, LOOKUP_US, p.lookupMicros);
      number(json, QUEUE_US, p.queueMicros);
      number(json, INFERENCE_US, p.inferenceMicros);
      string(json, JOB_ID, p.jobId);
      number(json, PREDICTED_AT, p.predictedAt);
      json.writeEndObject();
    } catch (IOException cannot) {
      throw new UncheckedIOException("cannot write prediction " + p.requestId, cannot);
    }
    return bytes.toByteArray();
  }

  private static void string(JsonGenerator json, SerializedString name, String value)
      throws IOException {
    json.writeFieldName(name);
    json.writeString(value);
  }

  private static void number(JsonGenerator json, SerializedString name, long value)
      throws IOException {
    json.writeFieldName(name);
    json.writeNumber(value);
  }

  /**
   * The prediction a record of {@link #serialize} holds.
   *
   * @throws IOException when the bytes are not JSON or lack a field of the prediction log
   */
  public static Prediction read(byte[] value) throws IOException {
    JsonNode node = JSON.readTree(value);
    Prediction p = new Prediction();
    p.requestId = text(node, REQUEST_ID);
    p.requestTime = number(node, REQUEST_TIME);
    p.scoring = text(node, SCORING);
    p.model = text(node, MODEL);
    p.versionChosen = number(node, VERSION_CHOSEN);
    p.versionServed = number(node, VERSION_SERVED);
    p.splitId = text(node, SPLIT_ID);
    p.routingKey = text(node, ROUTING_KEY);
    p.labelKey = text(node, LABEL_KEY);
    p.request = text(node, REQUEST);
    JsonNode scores = field(node, SCORES);
    p.scores = new double[scores.size()];
    for (int i = 0; i < p.scores.length; i++) {
      p.scores[i] = scores.get(i).asDouble();
    }
    JsonNode features = field(node, FEATURES);
    JsonNode values = field(node, FEATURE_VALUES);
    JsonNode asOf = field(node, FEATURE_AS_OF);
    p.features = new String[features.size()];
    p.featureValues = new double[p.features.length];
    p.featureAsOf = new long[p.features.length];
    for (int i = 0; i < p.features.length; i++) {
      p.features[i] = features.get(i).asText();
      p.featureValues[i] = values.path(i).isNumber() ? values.get(i).asDouble() : Double.NaN;
      p.featureAsOf[i] = asOf.path(i).isNumber() ? asOf.get(i).asLong() : Prediction.NO_AS_OF;
    }
    p.lookupMicros = number(node, LOOKUP_US);
    p.queueMicros = number(node, QUEUE_US);
    p.inferenceMicros = number(node, INFERENCE_US);
    p.jobId = text(node, JOB_ID);
    p.predictedAt = number(node, PREDICTED_AT);
    return p;
  }

  private static JsonNode field(JsonNode node, SerializedString name) throws IOException {
    JsonNode field = node.get(name.getValue());
    if (field == null) {
      throw new IOException("a prediction record has no field '" + name + "'");
    }
    return field;
  }

  private static String text(JsonNode node, SerializedString name) throws IOException {
    JsonNode field = field(node, name);
    return field.isNull() ? null : field.asText();
  }

  private static long number(JsonNode node, SerializedString name) throws IOException {
    return field(node, name).asLong();
  }
}
