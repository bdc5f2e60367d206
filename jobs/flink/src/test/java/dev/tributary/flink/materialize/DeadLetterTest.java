package dev.tributary.flink.materialize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Source;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.RowEncoder;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.KafkaTopics;
import dev.tributary.flink.iceberg.CatalogConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Malformed and too-late records mixed into a real stream: each lands in the dead-letter topic and
 * in {@code ops.dead_letters} with its payload and reason, the job runs to the end, and the history
 * tables equal what the clean events alone give.
 */
class DeadLetterTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  private final FeatureRepository definitions = FlightsSample.definitions();
  private final Source flights = definitions.source("flights").orElseThrow();

  @Test
  void badRecordsAreSetAsideWithTheirReasonAndChangeNothing() throws Exception {
    List<ParsedEvent> clean = FlightsSample.eventsScheduledBefore(flights, "2001-01-01T09");
    RowEncoder encoder = new RowEncoder(flights.schema());
    List<String> stream = new ArrayList<>();
    clean.forEach(event -> stream.add(encoder.encode(event.row())));

    ParsedEvent middle = clean.get(clean.size() / 2);
    Object[] lateRow = middle.row().clone();
    lateRow[0] = (Long) lateRow[0] - Duration.ofHours(4).toMillis();
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("{\"date\": \"2001-01-01T05:00:00\", \"delay\": ", "not valid JSON");
    bad.put("[1, 2, 3]", "expected a JSON object");
    bad.put(
        "{\"date\":\"2001-01-01T05:00:00\",\"delay\":5,\"distance\":100,\"destination\":\"SFO\"}",
        "field 'origin': missing");
    bad.put(
        "{\"date\":\"2001-01-01T05:00:00\",\"delay\":\"soon\",\"distance\":100,\"origin\":\"SFO\","
            + "\"destination\":\"LAX\"}",
        "field 'delay'");
    bad.put(
        "{\"date\":\"2001-01-01T05:00:00\",\"delay\":5,\"distance\":1e999,\"origin\":\"SFO\","
            + "\"destination\":\"LAX\"}",
        "field 'distance'");
    bad.put(
        "{\"date\":\"2201-01-01T05:00:00\",\"delay\":5,\"distance\":100,\"origin\":\"SFO\","
            + "\"destination\":\"LAX\"}",
        "2201");
    bad.put(encoder.encode(lateRow), "late: event time");
    stream.addAll(clean.size() / 2 + 1, bad.keySet());

    KAFKA.createTopic("flights", 1);
    KAFKA.createTopic(DeploymentPlan.DEAD_LETTER_TOPIC, 1);
    KafkaTopics.publish(KAFKA.bootstrapServers(), "flights", stream, 1);

    MaterializeJob job =
        new MaterializeJob(
            definitions,
            new MaterializeSettings(
                KAFKA.bootstrapServers(),
                "dead-letter-test",
                true,
                new CatalogConfig(LocalIcebergCatalog.NAME, ICEBERG.properties()),
                "dirty-run",
                null));
    StreamExecutionEnvironment env = FLINK.environment();
    env.enableCheckpointing(2_000);
    job.build(env);
    env.execute("materialize with bad records");

    assertReasons(bad, deadLetterTopic(bad.size()), "topic " + DeploymentPlan.DEAD_LETTER_TOPIC);
    assertReasons(bad, deadLetterTable(), "table ops.dead_letters");
    HistoryAssertions.assertTablesHoldTheChangePointsOf(clean, job.programs(), ICEBERG.catalog());
  }

  private static void assertReasons(
      Map<String, String> expected, Map<String, String> reasonsByPayload, String where) {
    assertEquals(
        new TreeMap<>(expected).keySet(),
        new TreeMap<>(reasonsByPayload).keySet(),
        where + ": payloads");
    expected.forEach(
        (payload, reason) ->
            assertTrue(
                reasonsByPayload.get(payload).contains(reason),
                where + ": reason for " + payload + " was " + reasonsByPayload.get(payload)));
  }

  private static Map<String, String> deadLetterTopic(int count) throws IOException {
    Map<String, String> reasons = new TreeMap<>();
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(DeploymentPlan.DEAD_LETTER_TOPIC));
      long deadline = System.currentTimeMillis() + 30_000;
      while (reasons.size() < count && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          var node = json.readTree(record.value());
          reasons.put(node.get("payload").asText(), node.get("reason").asText());
        }
      }
    }
    return reasons;
  }

  private static Map<String, String> deadLetterTable() throws IOException {
    Map<String, String> reasons = new TreeMap<>();
    var table = ICEBERG.catalog().loadTable(TableIdentifier.of("ops", "dead_letters"));
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
      for (Record row : rows) {
        reasons.put((String) row.getField("payload"), (String) row.getField("reason"));
      }
    }
    return reasons;
  }
}
