package dev.tributary.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A folder under {@code java.io.tmpdir} that is deleted with everything in it on {@link #close()}.
 *
 * <p>Services that write files (Redis' working dir, the Iceberg warehouse) own one so that a test
 * run leaves nothing behind and two runs on the same machine never share state.
 */
public final class TemporaryDirectory implements AutoCloseable {

  private final Path path;

  private TemporaryDirectory(Path path) {
    this.path = path;
  }

  /** Creates a new empty folder whose name starts with {@code prefix}. */
  public static TemporaryDirectory create(String prefix) {
    try {
      return new TemporaryDirectory(Files.createTempDirectory(prefix));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot create a temporary folder under "
              + System.getProperty("java.io.tmpdir")
              + "; check that it exists and is writable",
          e);
    }
  }

  public Path path() {
    return path;
  }

  /** Deletes the folder and its content; files that vanish meanwhile are not an error. */
  @Override
  public void close() {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      walk.sorted(Comparator.reverseOrder()).forEach(TemporaryDirectory::deleteQuietly);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete temporary folder " + path, e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // A file held open by a process that is still shutting down: the OS tmp cleaner gets it.
    }
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
