package dev.tributary.cli;

import dev.tributary.core.defs.FeatureRepository;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command over a definitions folder: every command loads it the same way ({@link
 * DefinitionsOption}), exits 1 when it has problems, and otherwise runs with the valid repository.
 */
abstract class DefinitionsCommand implements Callable<Integer> {
  @Mixin DefinitionsOption definitions;
  @Mixin ConfigFileOption config;
  @Spec CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    FeatureRepository repository = definitions.load(spec.commandLine().getErr());
    return repository == null ? 1 : run(repository, spec.commandLine().getOut());
  }

  /** Runs the command on valid definitions; returns the exit code. */
  abstract int run(FeatureRepository repository, PrintWriter out) throws Exception;
}
