package dev.tributary.flink.materialize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tributary.core.agg.Aggregation;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.RowEncoder;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.iceberg.CatalogConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The materialization job end to end on real services (in-process Kafka, Iceberg JDBC catalog on
 * SQLite, Flink MiniCluster at parallelism 2): after replaying a day and a half of real flights, every
 * history table equals the core's change points computed directly from the same events.
 */
class MaterializeJobTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  private final FeatureRepository definitions = FlightsSample.definitions();
  private final Source flights = definitions.source("flights").orElseThrow();

  @Test
  void historyTablesEqualTheCoresChangePointsOfTheSameEvents() throws Exception {
    List<ParsedEvent> events = FlightsSample.eventsScheduledBefore(flights, "2001-01-02T12");
    KAFKA.createTopic("flights", 2);
    publish(events);

    MaterializeJob job = new MaterializeJob(definitions, new MaterializeSettings(KAFKA.bootstrapServers(),
        "materialize-test", true, new CatalogConfig(LocalIcebergCatalog.NAME, ICEBERG.properties()), "test-run"));
    StreamExecutionEnvironment env = FLINK.environment();
    env.enableCheckpointing(2_000);
    job.build(env);
    env.execute("materialize flights");

    HistoryAssertions.assertTablesHoldTheChangePointsOf(events, job.programs(), ICEBERG.catalog());
  }

  private void publish(List<ParsedEvent> events) throws Exception {
    RowEncoder encoder = new RowEncoder(flights.schema());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, 20), new StringSerializer(), new StringSerializer())) {
      for (ParsedEvent event : events) {
        producer.send(new ProducerRecord<>("flights", encoder.encode(event.row())));
      }
      producer.flush();
    }
  }
}
