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
 * the client programs (psql) on PATH. An {@code initdb} on PATH is followed through its links to
 * the folder that really holds it: the programs run as the {@code postgres} user when this runs as
 * root, and a link in a folder of the caller's own (a private {@code ~/bin}) is out of that user's
 * reach.
 */
public final class PostgresBinaries {

  /** Where Debian's packages install each major version's server programs. */
  static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

  private PostgresBinaries() {}

  /** The folder holding {@code initdb} and {@code pg_ctl}, if PostgreSQL is installed. */
  public static Optional<Path> find() {
    return onPath(System.getenv().getOrDefault("PATH", ""))
        .or(() -> newestDebianVersion(DEBIAN_ROOT));
  }

  /** The real folder of the first {@code initdb} in the folders of {@code path}, links followed. */
  static Optional<Path> onPath(String path) {
    for (String dir : path.split(":")) {
      Path initdb = dir.isEmpty() ? null : Path.of(dir, "initdb");
      if (initdb != null && Files.isExecutable(initdb)) {
        try {
          return Optional.of(initdb.toRealPath().getParent());
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot resolve " + initdb, e);
        }
      }
    }
    return Optional.empty();
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
