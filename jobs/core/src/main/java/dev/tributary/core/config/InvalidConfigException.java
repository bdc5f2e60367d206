package dev.tributary.core.config;

import dev.tributary.core.defs.DefinitionProblem;
import java.util.List;
import java.util.stream.Collectors;

/** The configuration file has problems, each with file, line and what to do; nothing runs. */
public final class InvalidConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<DefinitionProblem> problems;

  public InvalidConfigException(List<DefinitionProblem> problems) {
    super(
        problems.size()
            + " problem"
            + (problems.size() == 1 ? "" : "s")
            + " in the configuration file:\n"
            + problems.stream().map(DefinitionProblem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<DefinitionProblem> problems() {
    return problems;
  }
}
