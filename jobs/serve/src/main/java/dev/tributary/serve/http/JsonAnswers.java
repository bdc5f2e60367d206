package dev.tributary.serve.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.serve.features.FeatureAnswer;
import dev.tributary.serve.features.ValueStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Answers as JSON, written with Jackson's streaming generator (no tree, no reflection):
 *
 * <pre>
 * {"features": ["origin_delays.flights_1h", ...], "views": ["origin_delays", ...],
 *  "request_time": 979603200000,
 *  "rows": [{"values": [3, ...], "statuses": ["PRESENT", ...], "as_of": [979603140001, ...]}]}
 * </pre>
 */
final class JsonAnswers {
  /**
   * Doubles through Jackson's Schubfach writer: the shortest text that parses back to the same
   * double, as the JDK's {@code Double.toString} gives from Java 19 on; Java 17's took a third of a
   * one-entity request's CPU time in a profile (docs/benchmarks.md).
   */
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

  private JsonAnswers() {}

  static byte[] features(FeatureAnswer answer) {
    return write(
        out -> {
          out.writeStartObject();
          out.writeArrayFieldStart("features");
          for (FeatureRef feature : answer.features()) {
            out.writeString(feature.qualifiedName());
          }
          out.writeEndArray();
          out.writeArrayFieldStart("views");
          for (FeatureView view : answer.views()) {
            out.writeString(view.name());
          }
          out.writeEndArray();
          out.writeNumberField("request_time", answer.requestTime());
          out.writeArrayFieldStart("rows");
          for (FeatureAnswer.Row row : answer.rows()) {
            out.writeStartObject();
            out.writeArrayFieldStart("values");
            for (Object value : row.values()) {
              value(out, value);
            }
            out.writeEndArray();
            out.writeArrayFieldStart("statuses");
            for (ValueStatus status : row.statuses()) {
              out.writeString(status.name());
            }
            out.writeEndArray();
            out.writeArrayFieldStart("as_of");
            for (Long asOf : row.asOf()) {
              value(out, asOf);
            }
            out.writeEndArray();
            out.writeEndObject();
          }
          out.writeEndArray();
          out.writeEndObject();
        });
  }

  static byte[] error(String message) {
    return write(
        out -> {
          out.writeStartObject();
          out.writeStringField("error", message);
          out.writeEndObject();
        });
  }

  /** A feature value: number, boolean, string, a list of them ({@code last_n}), or null. */
  static void value(JsonGenerator out, Object value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else if (value instanceof Long l) {
      out.writeNumber(l);
    } else if (value instanceof Double d) {
      out.writeNumber(d);
    } else if (value instanceof Boolean b) {
      out.writeBoolean(b);
    } else if (value instanceof List<?> list) {
      out.writeStartArray();
      for (Object element : list) {
        value(out, element);
      }
      out.writeEndArray();
    } else {
      out.writeString(value.toString());
    }
  }

  interface Body {
    void write(JsonGenerator out) throws IOException;
  }

  static byte[] write(Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator out = JSON.createGenerator(bytes)) {
      body.write(out);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return bytes.toByteArray();
  }
}
