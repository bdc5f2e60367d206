package dev.tributary.flink.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.HistoryRows;
import dev.tributary.flink.iceberg.CatalogConfig;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Chunking changes nothing: a backfill of five days of the flights sample in one run, then the same
 * range again in chunks of two days (the last one day), gives every row of those days again,
 * written by the chunked run, with the same values. A chunk that did not read back before its first
 * day as far as the windows need, or that replaced or cleared another chunk's days, would change
 * rows at or after a chunk's start. The views are the two without lifetime features (a lifetime
 * feature makes every run read all events) and the range starts on the sample's ninth day, so that
 * the read range of each chunk after the first (its first day minus 8 days, origin_delays' TTL)
 * cuts events off.
 */
class ChunkedBackfillTest {
  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  private static final long FROM = Instant.parse("2001-01-09T00:00:00Z").toEpochMilli();
  private static final long TO = Instant.parse("2001-01-14T00:00:00Z").toEpochMilli();
  private static final List<String> VIEWS = List.of("origin_delays", "dest_delays");

  private final FeatureRepository definitions = FlightsSample.definitions();

  @Test
  void chunksOfTwoDaysWriteWhatOneRunWrites() throws Exception {
    CatalogConfig catalog = new CatalogConfig(LocalIcebergCatalog.NAME, ICEBERG.properties());
    BackfillJob whole =
        new BackfillJob(
            definitions, new BackfillSettings(catalog, "whole", FROM, TO, VIEWS, Map.of()));
    StreamExecutionEnvironment env = FLINK.environment();
    whole.build(env);
    env.execute("backfill in one run");
    whole.finish();
    Map<String, HistoryRows> once = new HashMap<>();
    for (ViewProgram program : whole.programs()) {
      once.put(program.view().name(), HistoryRows.read(ICEBERG.catalog(), program));
    }

    ChunkedBackfill chunked =
        new ChunkedBackfill(
            definitions, new BackfillSettings(catalog, "chunked", FROM, TO, VIEWS, Map.of()), 2);
    assertEquals(3, chunked.chunks().size(), "five days in chunks of two");
    chunked.run(FLINK::environment);
    for (ViewProgram program : whole.programs()) {
      SameHistory.assertReplaced(
          once.get(program.view().name()),
          HistoryRows.read(ICEBERG.catalog(), program),
          FROM,
          TO,
          "chunked",
          "view " + program.view().name());
    }
  }
}
