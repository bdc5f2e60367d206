package dev.tributary.core.defs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every problem of a load instead of stopping at the first, so a user fixes a whole
 * repository in one round.
 */
final class Problems {
  private final List<DefinitionProblem> problems = new ArrayList<>();

  void add(SourceLocation location, String message) {
    problems.add(new DefinitionProblem(location, message));
  }

  int size() {
    return problems.size();
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  void throwIfAny() {
    if (!problems.isEmpty()) {
      List<DefinitionProblem> sorted = new ArrayList<>(problems);
      sorted.sort(
          Comparator.comparing((DefinitionProblem p) -> String.valueOf(p.location().file()))
              .thenComparingInt(p -> p.location().line())
              .thenComparingInt(p -> p.location().column()));
      throw new InvalidDefinitionsException(sorted);
    }
  }
}
