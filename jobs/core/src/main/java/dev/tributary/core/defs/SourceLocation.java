package dev.tributary.core.defs;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * A place in a definition file, 1-based, as editors and compilers show it. The file is kept as text
 * so definitions can be shipped to Flink tasks ({@link Path} is not serializable).
 */
public record SourceLocation(String file, int line, int column) implements Serializable {

  public SourceLocation(Path file, int line, int column) {
    this(file.toString(), line, column);
  }

  /** A location with only the file known (a file that cannot be read or parsed at all). */
  public static SourceLocation of(Path file) {
    return new SourceLocation(file, 0, 0);
  }

  /** Where SnakeYAML found a file malformed: its mark, or the file alone when it has none. */
  public static SourceLocation of(
      Path file, org.yaml.snakeyaml.error.MarkedYAMLException malformed) {
    return malformed.getProblemMark() == null
        ? of(file)
        : new SourceLocation(
            file,
            malformed.getProblemMark().getLine() + 1,
            malformed.getProblemMark().getColumn() + 1);
  }

  /** The location {@code offset} characters into a one-line scalar that starts here. */
  public SourceLocation shiftedBy(int offset) {
    return new SourceLocation(file, line, column + offset);
  }

  @Override
  public String toString() {
    return line == 0 ? String.valueOf(file) : file + ":" + line + ":" + column;
  }
}
