package dev.tributary.core.defs;

/** One thing wrong with the definitions: where, and what to do about it. */
public record DefinitionProblem(SourceLocation location, String message) {

  @Override
  public String toString() {
    return location + ": " + message;
  }
}
