package dev.tributary.flink.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.monitor.alert.Alert;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/**
 * An alert as a row of {@code monitoring.alerts} and as the JSON value of an {@code alerts} topic
 * record (same field names as the columns).
 */
final class AlertRecords implements SerializationSchema<Alert> {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  static RowData row(Alert a) {
    return GenericRowData.of(
        StringData.fromString(a.model()),
        StringData.fromString(a.version()),
        StringData.fromString(a.window().granularity().name()),
        TimestampData.fromEpochMillis(a.window().start()),
        StringData.fromString(a.rule()),
        StringData.fromString(a.severity().name()),
        StringData.fromString(a.subject()),
        a.observed(),
        a.threshold(),
        StringData.fromString(a.message()));
  }

  @Override
  public byte[] serialize(Alert a) {
    ObjectNode node = JSON.createObjectNode();
    node.put("model", a.model());
    node.put("version", a.version());
    node.put("granularity", a.window().granularity().name());
    node.put("window_start", a.window().start());
    node.put("rule", a.rule());
    node.put("severity", a.severity().name());
    node.put("subject", a.subject());
    node.put("observed", a.observed());
    node.put("threshold", a.threshold());
    node.put("message", a.message());
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }
}
