package dev.tributary.cli;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Model;
import dev.tributary.core.monitor.metrics.GrafanaDashboard;
import dev.tributary.core.monitor.metrics.PrometheusRules;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.plan.OnlineLayout;
import dev.tributary.core.plan.PlannedColumn;
import dev.tributary.core.plan.PlannedTable;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tributary plan [DIR]}: print the tables, Redis keys and topics the definitions need; with
 * {@code --prometheus-rules} / {@code --grafana}, also write a model's alert rules and dashboard
 * over the monitor job's metrics.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Print what would be created: Iceberg tables with schemas, Redis key patterns, Kafka topics.",
      "Example: tributary plan feature-defs --model flight_delay --prometheus-rules rules.yml"
          + " --grafana dashboard.json"
    })
final class PlanCommand extends DefinitionsCommand {
  @Option(
      names = "--prometheus-rules",
      paramLabel = "FILE",
      description = "write the model's alert rules as a Prometheus alerting-rules file")
  Path prometheusRules;

  @Option(
      names = "--grafana",
      paramLabel = "FILE",
      description = "write a Grafana dashboard (JSON) of the model's monitor-job metrics")
  Path grafana;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = "the model of --prometheus-rules and --grafana (default: the only one)")
  String modelName;

  @Override
  int run(FeatureRepository repository, PrintWriter out) throws Exception {
    print(DeploymentPlan.of(repository), out);
    if (prometheusRules == null && grafana == null) {
      return 0;
    }
    Model model =
        MonitorCommand.model(
            repository, modelName, definitions.folder, spec.commandLine().getErr());
    if (model == null) {
      return 2;
    }
    if (prometheusRules != null) {
      Files.writeString(prometheusRules, PrometheusRules.of(model));
      out.println("wrote Prometheus alerting rules of " + model.name() + " to " + prometheusRules);
    }
    if (grafana != null) {
      Files.writeString(grafana, GrafanaDashboard.of(model));
      out.println("wrote Grafana dashboard of " + model.name() + " to " + grafana);
    }
    out.flush();
    return 0;
  }

  static void print(DeploymentPlan plan, PrintWriter out) {
    out.println("Iceberg tables (catalog 'tributary'):");
    for (PlannedTable table : plan.tables()) {
      out.printf(
          "  %s  -- %s; partitioned by day(%s)%n",
          table.qualifiedName(), table.purpose(), table.partitionDayOf());
      for (PlannedColumn column : table.columns()) {
        out.printf(
            "      %-20s %-16s %s%s%n",
            column.name(), column.typeName(), column.required() ? "not null  " : "", column.doc());
      }
    }
    out.println("Redis strings (online store; one per entity, one section per view):");
    for (OnlineLayout layout : plan.online()) {
      out.printf(
          "  %-20s %-16s %s; expire %s%n",
          layout.view(),
          layout.keyPattern(),
          String.join(", ", layout.fields()),
          layout.ttlSeconds() == 0 ? "never" : "after " + layout.ttlSeconds() + " s");
    }
    out.println("Kafka topics:");
    plan.topics().forEach(topic -> out.println("  " + topic));
    out.flush();
  }
}
