package dev.tributary.cli;

import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.lineage.LineageRecorder;
import picocli.CommandLine.Option;

/**
 * {@code --openlineage URL|FILE}: where the jobs' OpenLineage run events go, besides the lineage
 * table. A plain option until connections move to the configuration file.
 */
final class LineageOption {
  @Option(
      names = "--openlineage",
      paramLabel = "URL|FILE",
      description =
          "send OpenLineage run events to this HTTP endpoint (e.g. http://marquez:5000/api/v1/lineage)"
              + " or append them to this file; lineage goes to registry.lineage either way")
  String target;

  LineageRecorder recorder(CatalogConfig catalog, String kafka) {
    return new LineageRecorder(catalog, target, kafka == null ? "" : kafka);
  }
}
