package dev.tributary.core.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A definition file as one apply registered it: with these, a view version that has left the
 * definitions can still be rebuilt and materialized beside its successor until it is retired.
 *
 * @param path relative to the definitions folder
 */
public record DefinitionFile(long applyId, String path, String text) {

  /** Every {@code .yaml}/{@code .yml} file under {@code root}, as apply {@code applyId}. */
  public static List<DefinitionFile> readAll(Path root, long applyId) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .map(p -> new DefinitionFile(applyId, relative(root, p), read(p)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
    }
  }

  private static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace('\\', '/');
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
