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

    for (ViewProgram program : job.programs()) {
      Map<String, List<ChangePoint>> expected = ExpectedHistory.of(program, events);
      Map<String, List<ChangePoint>> written = HistoryTableReader.read(ICEBERG.catalog(), program);
      assertTrue(expected.size() > 100, program.view().name() + " should cover many entities");
      assertEquals(expected.keySet(), written.keySet(), program.view().name() + ": entities");
      boolean[] approximate = approximateFeatures(program);
      for (String entity : expected.keySet()) {
        assertSameHistory(expected.get(entity), written.get(entity), approximate,
            program.view().name() + " " + entity);
      }
    }
  }

  /**
   * Sketches (KLL, HLL) depend on the order events are added, which differs between a sweep over
   * sorted events and a stream, so they are left out of the comparison (their error bounds are
   * tested in the core): both histories are projected onto the exact features, and rows that then
   * repeat their predecessor are dropped.
   */
  static boolean[] approximateFeatures(ViewProgram program) {
    boolean[] approximate = new boolean[program.spec().size()];
    for (int i = 0; i < approximate.length; i++) {
      Aggregation function = program.spec().feature(i).function();
      approximate[i] = function == Aggregation.APPROX_QUANTILE || function == Aggregation.APPROX_DISTINCT;
    }
    return approximate;
  }

  static List<ChangePoint> exactPart(List<ChangePoint> rows, boolean[] approximate) {
    List<ChangePoint> projected = new ArrayList<>();
    for (ChangePoint row : rows) {
      Object[] values = row.values().clone();
      for (int i = 0; i < approximate.length; i++) {
        if (approximate[i]) {
          values[i] = null;
        }
      }
      ChangePoint exact = new ChangePoint(row.validFrom(), values);
      if (projected.isEmpty() || !Arrays.equals(projected.get(projected.size() - 1).values(), values)) {
        projected.add(exact);
      }
    }
    return projected;
  }

  /** Fails at the first differing row, with its neighbours, instead of printing whole histories. */
  static void assertSameHistory(List<ChangePoint> allExpected, List<ChangePoint> allActual, boolean[] approximate,
      String what) {
    List<ChangePoint> expected = exactPart(allExpected, approximate);
    List<ChangePoint> actual = exactPart(allActual, approximate);
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        fail(what + ": row " + i + " differs\n expected " + expected.get(i) + "\n actual   " + actual.get(i)
            + "\n previous " + (i > 0 ? expected.get(i - 1) : "-")
            + "\n next expected " + (i + 1 < expected.size() ? expected.get(i + 1) : "-")
            + "\n next actual   " + (i + 1 < actual.size() ? actual.get(i + 1) : "-"));
      }
    }
    assertEquals(expected.size(), actual.size(), what + ": number of rows; last expected "
        + expected.get(expected.size() - 1) + ", last actual " + actual.get(actual.size() - 1));
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
