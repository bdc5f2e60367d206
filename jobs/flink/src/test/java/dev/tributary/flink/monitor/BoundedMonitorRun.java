package dev.tributary.flink.monitor;

import dev.tributary.core.defs.Model;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.flink.iceberg.CatalogConfig;
import java.time.Duration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the monitor job of a model over what its topics hold now, to their end, with a huge
 * out-of-orderness: the watermark moves only at the end of input, so every window and look is
 * deterministic (a day and since start hold all their inputs at every emission).
 */
final class BoundedMonitorRun {
  private BoundedMonitorRun() {}

  static void run(
      Model model,
      KafkaExtension kafka,
      IcebergCatalogExtension iceberg,
      FlinkClusterExtension flink)
      throws Exception {
    StreamExecutionEnvironment env = flink.environment();
    env.enableCheckpointing(300);
    new MonitorJob(
            model,
            MonitorSettings.of(
                    kafka.bootstrapServers(),
                    true,
                    new CatalogConfig(LocalIcebergCatalog.NAME, iceberg.properties()))
                .withPredictionOutOfOrderness(Duration.ofDays(10_000))
                // bounded: a partition's split ends with its data, so none need be taken for idle;
                // a minute's idleness on a loaded machine let the labels' watermark run ahead of
                // predictions not yet read, and their labels were dropped before they arrived
                .withPredictionIdleness(Duration.ofDays(1)))
        .build(env);
    env.execute("monitor");
  }
}
