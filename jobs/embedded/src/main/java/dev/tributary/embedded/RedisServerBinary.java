package dev.tributary.embedded;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the {@code redis-server} executable that {@link EmbeddedRedis} runs.
 *
 * <p>Order: the system property {@code tributary.redis-server} (an explicit path wins, for machines
 * with several Redis versions), then {@code redis-server} on {@code PATH}, then the binary bundled
 * in the {@code com.github.codemonstur:embedded-redis} jar (Redis 6.2 for Linux and macOS on x86-64
 * and arm64), copied once to a cache folder and marked executable. The last step is what lets the
 * demo and the tests run on a machine with only a JDK and Maven: nothing to install by hand.
 */
public final class RedisServerBinary {

  /** System property naming an explicit redis-server executable. */
  public static final String PROPERTY = "tributary.redis-server";

  /**
   * System property that, when {@code true}, skips the PATH lookup: how a test sees what a machine
   * without redis-server gets.
   */
  static final String IGNORE_PATH_PROPERTY = "tributary.redis-server.ignore-path";

  private RedisServerBinary() {}

  /** The executable to run, or an exception that says how to get one. */
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
                + " is not an executable file; point it at a redis-server binary or remove it to"
                + " use PATH or the bundled one");
      }
      return path;
    }
    if (!Boolean.getBoolean(IGNORE_PATH_PROPERTY)) {
      Optional<Path> onPath = onPath(System.getenv("PATH"));
      if (onPath.isPresent()) {
        return onPath.get();
      }
    }
    return bundled(System.getProperty("os.name"), System.getProperty("os.arch"));
  }

  /**
   * The bundled binary for this platform, extracted to {@code <tmp>/tributary-redis-<user>/}; the
   * copy is reused by later runs and written through a temporary file and a rename, so two JVMs
   * extracting at once never run a half-written file.
   */
  static Path bundled(String osName, String osArch) {
    String resource = bundledResource(osName, osArch);
    Path folder =
        Path.of(
            System.getProperty("java.io.tmpdir"),
            "tributary-redis-" + System.getProperty("user.name", "user"));
    Path target = folder.resolve(resource);
    if (Files.isExecutable(target)) {
      return target;
    }
    try (InputStream in = RedisServerBinary.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "redis-server is not on PATH and the bundled "
                + resource
                + " is missing from the classpath (the embedded-redis jar); install redis-server"
                + " or pass -D"
                + PROPERTY
                + "=/path/to/redis-server");
      }
      Files.createDirectories(folder);
      Path partial = Files.createTempFile(folder, resource, ".part");
      Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      if (!partial.toFile().setExecutable(true, false)) {
        throw new IOException("cannot mark " + partial + " executable");
      }
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot extract the bundled redis-server to " + folder + ": " + e.getMessage(), e);
    }
  }

  /**
   * The name of the binary inside the embedded-redis jar for an {@code os.name}/{@code os.arch}.
   */
  static String bundledResource(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT);
    String arch = osArch.toLowerCase(Locale.ROOT);
    boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
    boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
    if (os.contains("linux")) {
      if (x64) {
        return "redis-server-6.2.6-v5-linux-amd64";
      }
      if (arm64) {
        return "redis-server-6.2.7-linux-arm64";
      }
      if (arch.equals("x86") || arch.equals("i386") || arch.equals("i686")) {
        return "redis-server-6.2.7-linux-386";
      }
    } else if (os.contains("mac") || os.contains("darwin")) {
      if (x64) {
        return "redis-server-6.2.6-v5-darwin-amd64";
      }
      if (arm64) {
        return "redis-server-6.2.6-v5-darwin-arm64";
      }
    }
    throw new IllegalStateException(
        "redis-server is not on PATH and no bundled binary exists for "
            + osName
            + "/"
            + osArch
            + "; install redis-server or pass -D"
            + PROPERTY
            + "=/path/to/redis-server");
  }

  private static Optional<Path> onPath(String path) {
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
