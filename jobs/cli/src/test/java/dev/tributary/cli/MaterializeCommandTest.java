package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.flink.iceberg.HistoryTableScan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a user drives it: {@code replay} publishes six hours of flights, then {@code
 * materialize --jobmanager} submits the job over REST to a running Flink cluster, which writes
 * every history table, and {@code jobs list --config} finds it on the cluster the file names. What
 * they produced is checked against the sample file read here with plain Java: the events published,
 * and one history per airport and route that had a flight.
 */
class MaterializeCommandTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  @TempDir Path dataDir;

  @Test
  void replayThenMaterializeOnAFlinkClusterWritesTheHistoryTables() throws Exception {
    StringWriter err = new StringWriter();
    StringWriter replayed = new StringWriter();
    String defs = Checkout.exampleDefinitions().toString();
    assertEquals(
        0,
        Tributary.run(
            new PrintWriter(replayed),
            new PrintWriter(err),
            "replay",
            defs,
            "--bootstrap-servers",
            KAFKA.bootstrapServers(),
            "--to",
            "2001-01-01T06:00:00Z"),
        err.toString());

    List<SampleFlight> flights = SampleFlight.before(LocalDateTime.parse("2001-01-01T06:00:00"));
    assertTrue(
        replayed
            .toString()
            .startsWith(String.format("topic 'flights': published %,d events", flights.size())),
        replayed.toString());
    assertTrue(replayed.toString().contains("; 0 rejected"), replayed.toString());

    URI rest = FLINK.service().restAddress();
    assertEquals(
        0,
        Tributary.run(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "materialize",
            defs,
            "--jobmanager",
            rest.getHost() + ":" + rest.getPort(),
            "--bootstrap-servers",
            KAFKA.bootstrapServers(),
            "--bounded",
            "--checkpoint-interval",
            "1s",
            "--data-dir",
            dataDir.toString()),
        err.toString());

    // tributary jobs takes the cluster from --config like the job commands do
    Path config = dataDir.resolve("tributary.yaml");
    Files.writeString(
        config, "flink:\n  jobmanager: " + rest.getHost() + ":" + rest.getPort() + "\n");
    CommandRun jobs = CommandRun.exactly(0, "jobs", "list", "--config", config.toString());
    assertTrue(
        jobs.out().matches("(?s)[0-9a-f]{32}  FINISHED  \\S+  tributary materialize.*"),
        jobs.out());
    CommandRun missing = CommandRun.exactly(2, "jobs", "list");
    assertTrue(
        missing.err().contains("give --jobmanager HOST:PORT, or flink.jobmanager in --config"),
        missing.err());

    Map<String, Long> expectedEntities =
        Map.of(
            "origin_delays", flights.stream().map(SampleFlight::origin).distinct().count(),
            "dest_delays", flights.stream().map(SampleFlight::destination).distinct().count(),
            "route_delays",
                flights.stream().map(f -> f.origin() + " " + f.destination()).distinct().count());
    FeatureRepository repository = FeatureRepository.load(Checkout.exampleDefinitions());
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      for (var view : repository.views()) {
        ViewProgram program = ViewProgram.of(view);
        Map<String, List<ChangePoint>> histories =
            HistoryTableScan.read(catalog.catalog(), program);
        assertEquals(
            expectedEntities.get(view.name()),
            histories.size(),
            view.name() + ": one history per entity with a flight");
        assertEquals(
            histories.keySet(),
            HistoryTableScan.entityKeys(catalog.catalog(), program),
            view.name());
        assertThePartsMakeTheWhole(catalog, program, histories);
      }
    }
  }

  /**
   * The checks over the 3 M flights read a table in parts: three parts hold every entity's whole
   * history once, none empty.
   */
  private static void assertThePartsMakeTheWhole(
      LocalIcebergCatalog catalog, ViewProgram program, Map<String, List<ChangePoint>> whole) {
    Map<String, List<ChangePoint>> together = new TreeMap<>();
    for (int part = 0; part < 3; part++) {
      Map<String, List<ChangePoint>> one =
          HistoryTableScan.readPart(catalog.catalog(), program, part, 3);
      assertFalse(one.isEmpty(), program.view().name() + ": part " + part + " of 3 is empty");
      one.forEach(
          (entity, rows) -> assertNull(together.put(entity, rows), entity + " is in two parts"));
    }
    assertEquals(whole, together, program.view().name() + ": the parts together");
    assertTrue(
        HistoryTableScan.partsFor(catalog.catalog(), program, 10) > 1,
        "a table of more than 10 rows needs more than one part of 10");
  }
}
