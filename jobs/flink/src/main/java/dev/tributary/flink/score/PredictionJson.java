package dev.tributary.flink.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.flink.records.Prediction;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * A prediction as the JSON value of a {@code tributary.predictions} record; field names are the
 * columns of {@code monitoring.predictions}, a missing feature value or as-of time is null.
 */
public final class PredictionJson implements SerializationSchema<Prediction> {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public byte[] serialize(Prediction p) {
    ObjectNode node = JSON.createObjectNode();
    node.put("request_id", p.requestId);
    node.put("request_time", p.requestTime);
    node.put("scoring", p.scoring);
    node.put("model", p.model);
    node.put("version_chosen", p.versionChosen);
    node.put("version_served", p.versionServed);
    node.put("split_id", p.splitId);
    node.put("routing_key", p.routingKey);
    node.put("request", p.request);
    ArrayNode scores = node.putArray("scores");
    for (double score : p.scores) {
      scores.add(score);
    }
    ArrayNode features = node.putArray("features");
    ArrayNode values = node.putArray("feature_values");
    ArrayNode asOf = node.putArray("feature_as_of");
    for (int i = 0; i < p.features.length; i++) {
      features.add(p.features[i]);
      if (Double.isNaN(p.featureValues[i])) {
        values.addNull();
      } else {
        values.add(p.featureValues[i]);
      }
      if (p.featureAsOf[i] == Prediction.NO_AS_OF) {
        asOf.addNull();
      } else {
        asOf.add(p.featureAsOf[i]);
      }
    }
    node.put("lookup_us", p.lookupMicros);
    node.put("queue_us", p.queueMicros);
    node.put("inference_us", p.inferenceMicros);
    node.put("job_id", p.jobId);
    node.put("predicted_at", p.predictedAt);
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }
}
