package dev.tributary.serve.http;

import dev.tributary.serve.predict.PredictAnswer;
import dev.tributary.serve.predict.ServedPrediction;

/**
 * Predictions as JSON; field names are those of the prediction log ({@code
 * monitoring.predictions}):
 *
 * <pre>
 * {"scoring": "flight_delay_live", "model": "flight_delay", "features": ["origin_delays...", ...],
 *  "predictions": [{"request_id": "...", "request_time": ..., "score": 0.21, "scores": [0.21, 0.79],
 *    "version": 1, "split_id": "flight_delay_live#0", "routing_key": "SFO-JFK",
 *    "feature_values": [...], "feature_as_of": [...], "inputs": [...]},
 *   {"rejected": "model 'm' rejects rows with missing inputs ..."}]}
 * </pre>
 */
final class JsonPredictions {
  private JsonPredictions() {}

  static byte[] write(PredictAnswer answer) {
    return JsonAnswers.write(
        out -> {
          out.writeStartObject();
          out.writeStringField("scoring", answer.scoring());
          out.writeStringField("model", answer.model());
          out.writeArrayFieldStart("features");
          for (String feature : answer.features()) {
            out.writeString(feature);
          }
          out.writeEndArray();
          out.writeArrayFieldStart("predictions");
          for (PredictAnswer.Row row : answer.rows()) {
            out.writeStartObject();
            ServedPrediction p = row.predictionOrNull();
            if (p == null) {
              out.writeStringField("rejected", row.rejectedOrNull());
            } else {
              out.writeStringField("request_id", p.requestId());
              out.writeNumberField("request_time", p.requestTime());
              out.writeNumberField("score", p.scores()[0]);
              out.writeArrayFieldStart("scores");
              for (double score : p.scores()) {
                out.writeNumber(score);
              }
              out.writeEndArray();
              out.writeNumberField("version", p.version());
              out.writeStringField("split_id", p.splitId());
              out.writeStringField("routing_key", p.routingKey());
              out.writeArrayFieldStart("feature_values");
              for (Object value : p.featureValues()) {
                JsonAnswers.value(out, value);
              }
              out.writeEndArray();
              out.writeArrayFieldStart("feature_as_of");
              for (Long asOf : p.featureAsOf()) {
                JsonAnswers.value(out, asOf);
              }
              out.writeEndArray();
              out.writeArrayFieldStart("inputs");
              for (double input : p.inputs()) {
                out.writeNumber(input);
              }
              out.writeEndArray();
            }
            out.writeEndObject();
          }
          out.writeEndArray();
          out.writeEndObject();
        });
  }
}
