package dev.tributary.embedded;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the {@code redis-server} executable that {@link EmbeddedRedis} runs.
 *
 * <p>Order: the system property {@code tributary.redis-server} (an explicit path wins, for machines
 * with several Redis versions), then {@code redis-server} on {@code PATH}. No Maven artifact
 * bundling a Redis binary is used: the one the project considered ({@code
 * com.github.codemonstur:embedded-redis}) is not available from the package registries this project
 * builds with, so a real {@code redis-server} must be installed.
 */
public final class RedisServerBinary {

  /** System property naming an explicit redis-server executable. */
  public static final String PROPERTY = "tributary.redis-server";

  private RedisServerBinary() {}

  /** The executable to run, or an exception that says how to install one. */
  public static Path locate() {
    String explicit = System.getProperty(PROPERTY);
    if (explicit != null && !explicit.isBlank()) {
      Path path = Path.of(explicit);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(
            "-D"
                + PROPERTY
                + "="
                + explicit
                + " is not an executable file; point it at a redis-server binary or remove it to use PATH");
      }
      return path;
    }
    return onPath()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "redis-server was not found on PATH ("
                        + System.getenv("PATH")
                        + "). Install it with"
                        + " 'apt-get install redis-server' (Debian/Ubuntu) or 'brew install redis' (macOS),"
                        + " or pass -D"
                        + PROPERTY
                        + "=/path/to/redis-server"));
  }

  private static Optional<Path> onPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
