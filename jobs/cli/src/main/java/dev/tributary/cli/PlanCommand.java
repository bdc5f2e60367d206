package dev.tributary.cli;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.plan.OnlineLayout;
import dev.tributary.core.plan.PlannedColumn;
import dev.tributary.core.plan.PlannedTable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code tributary plan [DIR]}: print the tables, Redis keys and topics the definitions need. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description =
        "Print what would be created: Iceberg tables with schemas, Redis key patterns, Kafka topics.")
final class PlanCommand extends DefinitionsCommand {

  @Override
  int run(FeatureRepository repository, PrintWriter out) throws Exception {
    print(DeploymentPlan.of(repository), out);
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
    out.println("Redis hashes (online store):");
    for (OnlineLayout layout : plan.online()) {
      out.printf(
          "  %-40s fields %s; expire %s%n",
          layout.keyPattern(),
          String.join(", ", layout.fields()),
          layout.ttlSeconds() == 0 ? "never" : "after " + layout.ttlSeconds() + " s");
    }
    out.println("Kafka topics:");
    plan.topics().forEach(topic -> out.println("  " + topic));
    out.flush();
  }
}
