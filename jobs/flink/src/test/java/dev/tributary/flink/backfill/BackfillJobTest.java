package dev.tributary.flink.backfill;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FileInput;
import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.RowEncoder;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.HistoryRows;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.materialize.HistoryAssertions;
import dev.tributary.flink.materialize.MaterializeJob;
import dev.tributary.flink.materialize.MaterializeSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backfill writes exactly what the streaming job wrote: the streaming job materializes the
 * flights of the first 30 hours from Kafka; a backfill of the first day from a file of the same
 * flights then replaces that day's rows with identical ones (its job_id shows it did), leaves the
 * other rows alone, and a second run leaves one copy.
 */
class BackfillJobTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  private static final String CUTOFF = "2001-01-02T06";
  private static final long DAY_ONE = Instant.parse("2001-01-01T00:00:00Z").toEpochMilli();
  private static final long DAY_TWO = Instant.parse("2001-01-02T00:00:00Z").toEpochMilli();

  private final FeatureRepository definitions = FlightsSample.definitions();
  private final Source flights = definitions.source("flights").orElseThrow();

  @Test
  void backfillOfADayEqualsWhatTheStreamingJobWroteAndTwiceIsOnce(@TempDir Path folder)
      throws Exception {
    List<ParsedEvent> events = FlightsSample.eventsScheduledBefore(flights, CUTOFF);
    Path csv = sampleLinesBefore(folder.resolve("flights.csv"));
    CatalogConfig catalog = new CatalogConfig(LocalIcebergCatalog.NAME, ICEBERG.properties());

    KAFKA.createTopic("flights", 2);
    publish(events);
    MaterializeJob streaming =
        new MaterializeJob(
            definitions,
            new MaterializeSettings(
                KAFKA.bootstrapServers(), "backfill-test", true, catalog, "stream", null));
    StreamExecutionEnvironment env = FLINK.environment();
    env.enableCheckpointing(2_000);
    streaming.build(env);
    env.execute("materialize");

    BackfillSettings settings =
        new BackfillSettings(
            catalog,
            "backfill",
            DAY_ONE + 3_600_000,
            DAY_TWO - 1,
            List.of(),
            Map.of("flights", new FileInput(csv, "csv")));
    BackfillJob backfill = new BackfillJob(definitions, settings);
    List<ViewProgram> programs = backfill.programs();
    Map<String, HistoryRows> streamed = new HashMap<>();
    for (ViewProgram program : programs) {
      streamed.put(program.view().name(), HistoryRows.read(ICEBERG.catalog(), program));
    }

    for (int run = 1; run <= 2; run++) {
      StreamExecutionEnvironment batch = FLINK.environment();
      backfill.build(batch);
      batch.execute("backfill " + run);
      backfill.finish();
      for (ViewProgram program : programs) {
        SameHistory.assertReplaced(
            streamed.get(program.view().name()),
            HistoryRows.read(ICEBERG.catalog(), program),
            DAY_ONE,
            DAY_TWO,
            "backfill",
            "run " + run + ", view " + program.view().name());
      }
      // Sketch values differ from the stream's (they depend on arrival order), so they are
      // checked here against the brute-force window contents within their error bounds.
      HistoryAssertions.assertTablesHoldTheChangePointsOf(
          events, programs, ICEBERG.catalog(), "after backfill run " + run);
    }
  }

  /** The sample's raw lines scheduled before the cutoff: the same flights as Kafka gets. */
  private Path sampleLinesBefore(Path target) throws Exception {
    try (BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(flights.files().orElseThrow().path())),
                    StandardCharsets.UTF_8));
        Writer out = Files.newBufferedWriter(target)) {
      out.write(reader.readLine() + "\n");
      for (String line = reader.readLine();
          line != null && line.compareTo(CUTOFF) < 0;
          line = reader.readLine()) {
        out.write(line + "\n");
      }
    }
    return target;
  }

  private void publish(List<ParsedEvent> events) {
    RowEncoder encoder = new RowEncoder(flights.schema());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG,
                20),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < events.size(); i++) {
        producer.send(
            new ProducerRecord<>("flights", i % 2, null, encoder.encode(events.get(i).row())));
      }
      producer.flush();
    }
  }
}
