package dev.tributary.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tributary demo}: the end-to-end run on embedded defaults. It validates the example
 * definitions and prints the plan; the materialization, training-set and scoring stages join it as
 * they land.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the example end to end on embedded defaults.")
final class DemoCommand implements Callable<Integer> {
  @Mixin DefinitionsOption definitions;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    var repository = definitions.load(spec.commandLine().getErr());
    if (repository == null) {
      return 1;
    }
    spec.commandLine().getOut().println("Definitions in " + definitions.folder + " are valid. Plan:");
    PlanCommand.print(dev.tributary.core.plan.DeploymentPlan.of(repository), spec.commandLine().getOut());
    return 0;
  }
}
