package dev.tributary.flink.materialize;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.window.Seeds;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.KafkaTopics;
import dev.tributary.flink.iceberg.CatalogConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Events that arrive behind the watermark but within the source's allowed lateness (1 h for
 * flights) correct rows the job already wrote: the history tables, read with Iceberg's equality
 * deletes applied, end up exactly as if every event had arrived in order.
 */
class LateEventCorrectionTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  private final FeatureRepository definitions = FlightsSample.definitions();
  private final Source flights = definitions.source("flights").orElseThrow();

  @Test
  void lateEventsWithinTheAllowedLatenessCorrectTheHistory() throws Exception {
    List<ParsedEvent> events = FlightsSample.eventsScheduledBefore(flights, "2001-01-01T14");
    long seed = Seeds.base();
    List<Arrival> arrivals = delayed(events, new Random(seed));
    long late =
        arrivals.stream().filter(a -> a.arrival - a.event.eventTime() > 10 * 60_000L).count();
    assertTrue(
        late > 50,
        "enough events arrive behind the watermark, got " + late + ", " + Seeds.replay(seed));

    KAFKA.createTopic("flights", 1);
    KafkaTopics.publish(
        KAFKA.bootstrapServers(),
        "flights",
        KafkaTopics.asJson(flights, arrivals.stream().map(Arrival::event).toList()),
        1);
    MaterializeJob job =
        new MaterializeJob(
            definitions,
            new MaterializeSettings(
                KAFKA.bootstrapServers(),
                "late-test",
                true,
                new CatalogConfig(LocalIcebergCatalog.NAME, ICEBERG.properties()),
                "late-run",
                null));
    StreamExecutionEnvironment env = FLINK.environment();
    env.enableCheckpointing(1_000);
    job.build(env);
    env.execute("materialize with late events (seed " + seed + ")");

    HistoryAssertions.assertTablesHoldTheChangePointsOf(
        events, job.programs(), ICEBERG.catalog(), Seeds.replay(seed));
    BruteForceHistory.assertTablesAgreeWithBruteForce(
        events, job.programs(), ICEBERG.catalog(), Seeds.replay(seed));
  }

  /**
   * One event in twenty arrives 10 to 50 minutes of event time after it happened; the rest in
   * order.
   */
  private static List<Arrival> delayed(List<ParsedEvent> events, Random random) {
    List<Arrival> arrivals = new ArrayList<>();
    for (ParsedEvent event : events) {
      long delay = random.nextInt(20) == 0 ? (10 + random.nextInt(40)) * 60_000L : 0;
      arrivals.add(new Arrival(event.eventTime() + delay, event));
    }
    arrivals.sort(Comparator.comparingLong(Arrival::arrival));
    return arrivals;
  }

  private record Arrival(long arrival, ParsedEvent event) {}
}
