package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.flink.iceberg.HistoryTableScan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a user drives it: {@code replay} publishes six hours of flights, then {@code
 * materialize --jobmanager} submits the job over REST to a running Flink cluster, which writes
 * every history table.
 */
class MaterializeCommandTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  @TempDir Path dataDir;

  @Test
  void replayThenMaterializeOnAFlinkClusterWritesTheHistoryTables() throws Exception {
    StringWriter err = new StringWriter();
    String defs = Checkout.exampleDefinitions().toString();
    assertEquals(
        0,
        Tributary.run(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "replay",
            defs,
            "--bootstrap-servers",
            KAFKA.bootstrapServers(),
            "--to",
            "2001-01-01T06:00:00Z"),
        err.toString());

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

    FeatureRepository repository = FeatureRepository.load(Checkout.exampleDefinitions());
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      for (var view : repository.views()) {
        int entities = HistoryTableScan.read(catalog.catalog(), ViewProgram.of(view)).size();
        assertTrue(entities > 50, view.name() + " has history for " + entities + " entities");
      }
    }
  }
}
