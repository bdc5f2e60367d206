package dev.tributary.core.defs;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the checkout's folders from tests, whichever module folder Maven runs them in. */
public final class RepositoryPaths {
  private RepositoryPaths() {}

  /** The root of the checkout (the folder holding feature-defs). */
  public static Path root() {
    String configured = System.getProperty("tributary.repo.root");
    if (configured != null && Files.isDirectory(Path.of(configured, "feature-defs"))) {
      return Path.of(configured);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("feature-defs"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "cannot find feature-defs above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  public static Path exampleDefinitions() {
    return root().resolve("feature-defs");
  }
}
