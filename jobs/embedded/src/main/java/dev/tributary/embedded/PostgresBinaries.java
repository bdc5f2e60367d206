package dev.tributary.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the PostgreSQL server programs ({@code initdb}, {@code pg_ctl}) that {@link
 * EmbeddedPostgres} runs.
 *
 * <p>Order: {@code initdb} on {@code PATH}, then the newest {@code /usr/lib/postgresql/N/bin} that
 * holds it: Debian's {@code postgresql} package installs the server programs there and puts only
 * the client programs (psql) on PATH.
 */
public final class PostgresBinaries {

  /** Where Debian's packages install each major version's server programs. */
  static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

  private PostgresBinaries() {}

  /** The folder holding {@code initdb} and {@code pg_ctl}, if PostgreSQL is installed. */
  public static Optional<Path> find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb"))) {
        return Optional.of(Path.of(dir));
      }
    }
    return newestDebianVersion(DEBIAN_ROOT);
  }

  /** The folder, or an exception that says how to install PostgreSQL. */
  public static Path locate() {
    return find()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "initdb is neither on PATH nor under "
                        + DEBIAN_ROOT
                        + "/<version>/bin: install PostgreSQL's server programs (Debian: apt-get"
                        + " install postgresql)"));
  }

  static Optional<Path> newestDebianVersion(Path root) {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(version -> version.resolve("bin"))
          .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
          .max(Comparator.comparing(PostgresBinaries::majorVersion));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + root, e);
    }
  }

  private static int majorVersion(Path bin) {
    String name = bin.getParent().getFileName().toString();
    return name.matches("\\d+") ? Integer.parseInt(name) : -1;
  }
}
