package dev.tributary.core.defs;

import java.util.List;
import java.util.stream.Collectors;

/** The definitions have problems; nothing may run until all of them are fixed. */
public final class InvalidDefinitionsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<DefinitionProblem> problems;

  public InvalidDefinitionsException(List<DefinitionProblem> problems) {
    super(
        problems.size()
            + " problem"
            + (problems.size() == 1 ? "" : "s")
            + " in the feature definitions:\n"
            + problems.stream().map(DefinitionProblem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<DefinitionProblem> problems() {
    return problems;
  }
}
