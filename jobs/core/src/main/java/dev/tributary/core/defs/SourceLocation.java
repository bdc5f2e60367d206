package dev.tributary.core.defs;

import java.io.Serializable;
import java.nio.file.Path;

/** A place in a definition file, 1-based, as editors and compilers show it. */
public record SourceLocation(Path file, int line, int column) implements Serializable {

  /** A location with only the file known (a file that cannot be read or parsed at all). */
  public static SourceLocation of(Path file) {
    return new SourceLocation(file, 0, 0);
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
