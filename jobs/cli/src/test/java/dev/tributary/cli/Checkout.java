package dev.tributary.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Folders of the checkout the CLI tests run in, whichever module folder Maven starts them from. */
final class Checkout {
  private Checkout() {}

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(dir.resolve("feature-defs"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  static Path exampleDefinitions() {
    return root().resolve("feature-defs");
  }
}
