package dev.tributary.cli;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Model;
import dev.tributary.core.monitor.metrics.GrafanaDashboard;
import dev.tributary.core.monitor.metrics.PrometheusRules;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.plan.OnlineLayout;
import dev.tributary.core.plan.PlannedColumn;
import dev.tributary.core.plan.PlannedTable;
import dev.tributary.core.registry.Registry;
import dev.tributary.core.registry.RegistryApply;
import dev.tributary.core.registry.RegistryChange;
import dev.tributary.core.registry.RegistryDiff;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.registry.RegistryStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tributary plan [DIR]}: print the tables, Redis keys and topics the definitions need, and
 * what applying them would change against the registry ({@link RegistryDiff}), breaking changes
 * with their cause; exit status 3 when something breaks. With {@code --prometheus-rules} / {@code
 * --grafana}, also write a model's alert rules and dashboard over the monitor job's metrics.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Print what would be created: Iceberg tables with schemas, Redis key patterns, Kafka topics;",
      "then the changes against the registry (tributary apply), with what each does to tables,",
      "Redis keys, topics and running jobs. Exit status 3 when a change breaks what is deployed.",
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

  @Mixin CatalogOptions catalog;

  @Override
  int run(FeatureRepository repository, PrintWriter out) throws Exception {
    print(DeploymentPlan.of(repository), out);
    var connections = config.config();
    if (!connections.isEmpty()) {
      // secrets show as their references only (ConfigValue.shown)
      out.println("Connections (" + connections.source() + "):");
      connections.describe().forEach(line -> out.println("  " + line));
      out.flush();
    }
    int status = printChanges(repository, out);
    if (prometheusRules == null && grafana == null) {
      return status;
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
    return status;
  }

  private int printChanges(FeatureRepository repository, PrintWriter out) throws Exception {
    Optional<CatalogConfig> config = catalog.existing();
    Registry registered = Registry.empty();
    if (config.isEmpty()) {
      out.println("Changes (no catalog in " + catalog.dataDir + " yet: everything is new):");
    } else {
      RegistryStore store = new RegistryStore(config.get().open());
      registered = store.read();
      List<RegistryApply> applies = store.applies();
      out.println(
          applies.isEmpty()
              ? "Changes (nothing applied yet: everything is new):"
              : "Changes against the registry (apply "
                  + applies.get(applies.size() - 1).applyId()
                  + " by "
                  + applies.get(applies.size() - 1).appliedBy()
                  + " at "
                  + applies.get(applies.size() - 1).appliedAt()
                  + "):");
    }
    List<RegistryChange> changes = RegistryDiff.between(registered, Registry.of(repository));
    RegistryChanges.print(changes, definitions.folder, out);
    return RegistryChanges.exitStatus(changes);
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
