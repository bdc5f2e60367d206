package dev.tributary.cli;

import dev.tributary.core.lineage.LineageGraph;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.registry.LineageStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary lineage NODE}: what a table snapshot, view version, model version or file was
 * made from and what was made from it, from {@code registry.lineage} ({@link LineageGraph}).
 */
@Command(
    name = "lineage",
    mixinStandardHelpOptions = true,
    description = {
      "Print the lineage graph from a node: table:NS.NAME[@SNAPSHOT], view:VIEW@VERSION,",
      "model:MODEL/VERSION, path:FOLDER, file:PATH, topic:NAME, redis:VIEW__VERSION.",
      "A node without @SNAPSHOT names every snapshot of the table.",
      "Example: tributary lineage model:flight_delay/1 --upstream"
    })
final class LineageCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NODE", description = "where to start")
  String node;

  static final class Direction {
    @Option(names = "--upstream", description = "only what it was made from")
    boolean upstream;

    @Option(names = "--downstream", description = "only what was made from it")
    boolean downstream;
  }

  @ArgGroup(exclusive = true)
  Direction direction = new Direction();

  @Mixin CatalogOptions catalog;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Optional<CatalogConfig> config = catalog.existing();
    LineageGraph graph =
        config.isEmpty()
            ? new LineageGraph(List.of())
            : new LineageStore(config.get().open()).graph();
    List<String> nodes = graph.nodes(node);
    if (nodes.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "no lineage of "
                  + node
                  + ": name a node as kind:name (e.g. table:training.flight_delay,"
                  + " model:flight_delay/1) after a job recorded it");
      spec.commandLine().getErr().flush();
      return 2;
    }
    for (String start : nodes) {
      if (!direction.downstream) {
        out.println("upstream of " + start + ":");
        graph.tree(start, true).forEach(line -> out.println("  " + line));
      }
      if (!direction.upstream) {
        out.println("downstream of " + start + ":");
        graph.tree(start, false).forEach(line -> out.println("  " + line));
      }
    }
    out.flush();
    return 0;
  }
}
