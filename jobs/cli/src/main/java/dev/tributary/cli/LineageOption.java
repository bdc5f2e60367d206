package dev.tributary.cli;

import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.lineage.LineageRecorder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where a job command's lineage goes: always {@code registry.lineage}, and OpenLineage run events
 * to {@code --openlineage URL|FILE}, else the file's {@code openlineage.target} (the flag wins, as
 * every flag does over {@code --config}).
 */
final class LineageOption {
  @Option(
      names = "--openlineage",
      paramLabel = "URL|FILE",
      description =
          "send OpenLineage run events to this HTTP endpoint (e.g. http://marquez:5000/api/v1/lineage)"
              + " or append them to this file (default: openlineage.target in --config); lineage"
              + " goes to registry.lineage either way")
  String flag;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /** The OpenLineage target: the flag, else the configuration file's; null for none. */
  String target() {
    return flag != null ? flag : ConfigFileOption.of(mixee).text("openlineage.target").orElse(null);
  }

  LineageRecorder recorder(CatalogConfig catalog, String kafka) {
    return new LineageRecorder(catalog, target(), kafka == null ? "" : kafka);
  }
}
