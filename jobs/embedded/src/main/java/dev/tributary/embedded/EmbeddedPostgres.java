package dev.tributary.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server, made by {@code initdb} in a temporary folder and run by {@code pg_ctl}
 * on a random free port of 127.0.0.1: the database a production Iceberg JDBC catalog lives in.
 *
 * <pre>
 *   folder/
 *     data/          the cluster initdb made (trust authentication, superuser {@value #USER})
 *     server.log     pg_ctl's log, quoted when the server does not start
 *     .s.PGSQL.N     the server's Unix socket (kept out of /var/run/postgresql)
 * </pre>
 *
 * <p>initdb refuses to run as root, and CI runs as root: then every program runs as the {@value
 * #OS_USER} user through {@code runuser} (both come with Debian's postgresql package), and the
 * folder is given to that user. {@link #close} stops the server at once ({@code -m immediate}: its
 * data is thrown away) and deletes the folder; a JVM shutdown hook does the same if the caller
 * never closes it.
 */
public final class EmbeddedPostgres implements AutoCloseable {

  /** The database superuser clients connect as, without a password (trust authentication). */
  public static final String USER = "tributary";

  /** The operating-system user the server runs as when this JVM runs as root. */
  static final String OS_USER = "postgres";

  private static final String HOST = "127.0.0.1";
  private static final int PORT_ATTEMPTS = 5;

  private final Path binaries;
  private final TemporaryDirectory folder;
  private final int port;
  private final ChildProcesses.Cleanup cleanup;

  private EmbeddedPostgres(Path binaries, TemporaryDirectory folder, int port) {
    this.binaries = binaries;
    this.folder = folder;
    this.port = port;
    this.cleanup =
        new ChildProcesses.Cleanup("embedded-postgres-" + port, this::stopServer, folder);
  }

  /** Makes a new cluster and starts it; returns once it accepts connections. */
  public static EmbeddedPostgres start() {
    Path binaries = PostgresBinaries.locate();
    TemporaryDirectory folder = TemporaryDirectory.create("tributary-postgres-");
    try {
      if (runningAsRoot()) {
        giveTo(OS_USER, folder.path());
      }
      run(
          binaries,
          folder.path(),
          "initdb",
          "-D",
          data(folder).toString(),
          "-U",
          USER,
          "--auth=trust",
          "--encoding=UTF8",
          "--no-locale",
          "--no-sync");
      String lastLog = "";
      for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
        int port = FreePorts.on(HOST);
        Path log = folder.path().resolve("server.log");
        try {
          run(
              binaries,
              folder.path(),
              "pg_ctl",
              "-D",
              data(folder).toString(),
              "-l",
              log.toString(),
              "-w",
              "-t",
              "60",
              "-o",
              // fsync off: a test's database never has to survive a crash of the machine.
              "-c listen_addresses=" + HOST + " -p " + port + " -k " + folder.path() + " -F",
              "start");
          return new EmbeddedPostgres(binaries, folder, port);
        } catch (IllegalStateException failed) {
          lastLog = Files.exists(log) ? Files.readString(log) : failed.getMessage();
          if (!lastLog.contains("could not bind")) {
            throw new IllegalStateException(
                "PostgreSQL did not start on " + HOST + ":" + port + ". Its log:\n" + lastLog,
                failed);
          }
        }
      }
      throw new IllegalStateException(
          "PostgreSQL found no free port in " + PORT_ATTEMPTS + " attempts. Its log:\n" + lastLog);
    } catch (IOException e) {
      folder.close();
      throw new UncheckedIOException("Cannot start PostgreSQL from " + binaries, e);
    } catch (RuntimeException e) {
      folder.close();
      throw e;
    }
  }

  public String host() {
    return HOST;
  }

  public int port() {
    return port;
  }

  /** {@code jdbc:postgresql://127.0.0.1:port/database}; connect as {@link #USER}. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
  }

  /** Creates an empty database and returns its JDBC URL. */
  public String createDatabase(String name) {
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException(
          "database name '" + name + "': use lower-case letters, digits and _");
    }
    try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create database " + name + " on " + this, e);
    }
    return jdbcUrl(name);
  }

  /** Stops the server, throwing its data away, and deletes the folder. */
  @Override
  public void close() {
    cleanup.close();
  }

  private void stopServer() {
    if (!Files.isDirectory(data(folder))) {
      return;
    }
    try {
      run(
          binaries,
          folder.path(),
          "pg_ctl",
          "-D",
          data(folder).toString(),
          "-m",
          "immediate",
          "stop");
    } catch (IllegalStateException | IOException e) {
      // Not running any more (already stopped, or killed with the machine's processes).
    }
  }

  private static Path data(TemporaryDirectory folder) {
    return folder.path().resolve("data");
  }

  /** Runs one of the server programs to its end; fails with its output unless it exits with 0. */
  private static void run(Path binaries, Path workDir, String program, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    if (runningAsRoot()) {
      command.addAll(List.of("runuser", "-u", OS_USER, "--"));
    }
    command.add(binaries.resolve(program).toString());
    command.addAll(List.of(args));
    Path output = Files.createTempFile("tributary-" + program + "-", ".out");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not end in 120 s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + " exited with "
                + process.exitValue()
                + ":\n"
                + Files.readString(output, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + program, e);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Gives the folder to {@code user}: the server writes its data and socket there. */
  private static void giveTo(String user, Path folder) throws IOException {
    UserPrincipal owner;
    try {
      owner = folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
    } catch (UserPrincipalNotFoundException e) {
      throw new IllegalStateException(
          "This JVM runs as root, where initdb refuses to run, and there is no '"
              + user
              + "' user to run PostgreSQL as: install Debian's postgresql package (it creates the"
              + " user) or run the tests as another user",
          e);
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path path : walk.toList()) {
        Files.setOwner(path, owner);
      }
    }
  }

  @Override
  public String toString() {
    return "EmbeddedPostgres[" + HOST + ":" + port + " in " + folder + "]";
  }
}
