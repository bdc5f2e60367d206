package dev.tributary.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} started as a child process on a random free port of 127.0.0.1.
 *
 * <p>It runs in its own temporary folder with persistence off ({@code --save "" --appendonly no}),
 * so it never writes a dump file on its own and every start is empty; {@link #shutDownSaving()} and
 * {@link #startAgain()} stop it as an operator would (its data saved to {@code dump.rdb} in its
 * folder, as a managed Redis keeps it) and start it on the same port and folder, with that data.
 * {@link #start} returns only once the server answers {@code PING}; {@link #close} kills the
 * process and deletes the folder, and a JVM shutdown hook does the same if the caller never closes
 * it (a crashed test must not leave a server running on a shared machine).
 *
 * <p>The port is picked by binding port 0 and releasing it, so another process can take it before
 * Redis binds; when Redis then fails with "Address already in use" the start is retried on a new
 * port.
 */
public final class EmbeddedRedis implements AutoCloseable {

  private static final String HOST = "127.0.0.1";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration POLL = Duration.ofMillis(20);
  private static final int PORT_ATTEMPTS = 5;

  private final int port;
  private final String password;
  private final List<String> command;
  private final Path folder;
  private final ChildProcesses.Cleanup cleanup;
  private volatile Process process;

  private EmbeddedRedis(
      Process process, int port, String password, List<String> command, TemporaryDirectory folder) {
    this.process = process;
    this.port = port;
    this.password = password;
    this.command = command;
    this.folder = folder.path();
    this.cleanup =
        new ChildProcesses.Cleanup(
            "embedded-redis-" + port, () -> ChildProcesses.stop(this.process, 5), folder);
  }

  /** Starts a server without a password. */
  public static EmbeddedRedis start() {
    return start(null);
  }

  /**
   * Starts a server that requires {@code AUTH password} (or none when {@code password} is null).
   */
  public static EmbeddedRedis start(String password) {
    return start(password, null);
  }

  /**
   * Starts a server as production runs it: TLS only (no plain-text port), with a certificate {@code
   * ca} signs, and AUTH through an ACL where the {@code default} user is off and only {@code user}
   * with {@code password} may connect. Clients trust {@code ca} ({@link
   * CertificateAuthority#trustStore()}) and connect to {@link #port()}.
   */
  public static EmbeddedRedis startSecure(CertificateAuthority ca, String user, String password) {
    return start(password, new Secure(ca.issue("redis-server"), ca.caPem(), user));
  }

  /**
   * Starts a server with cluster mode on and no slots yet: a node for the caller to join to others
   * ({@code CLUSTER MEET}) and give slots ({@code CLUSTER ADDSLOTS}), as a Redis Cluster's nodes
   * are before {@code redis-cli --cluster create}.
   */
  public static EmbeddedRedis startClusterNode() {
    return start(null, null, true);
  }

  /** What a TLS-and-ACL server is started with. */
  private record Secure(CertificateAuthority.Issued certificate, Path caPem, String user) {}

  private static EmbeddedRedis start(String password, Secure secure) {
    return start(password, secure, false);
  }

  private static EmbeddedRedis start(String password, Secure secure, boolean clusterNode) {
    Path binary = RedisServerBinary.locate();
    TemporaryDirectory folder = TemporaryDirectory.create("tributary-redis-");
    try {
      if (secure != null) {
        Files.writeString(
            folder.path().resolve("users.acl"),
            "user default off\nuser " + secure.user() + " on >" + password + " ~* &* +@all\n");
      }
      String lastLog = "";
      for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
        // a cluster node's bus port is its port + 10000, which Redis 6 wants below 65536
        int port = clusterNode ? FreePorts.withPartner(HOST, 10_000, 55_535) : FreePorts.on(HOST);
        Path log = folder.path().resolve("redis-" + port + ".log");
        List<String> command = command(binary, port, folder.path(), password, secure, clusterNode);
        Process process = launch(command, folder.path(), log);
        if (secure == null ? awaitPing(process, port, password) : awaitReadyLine(process, log)) {
          return new EmbeddedRedis(process, port, password, command, folder);
        }
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        lastLog = Files.readString(log);
        if (!lastLog.contains("Address already in use")) {
          break;
        }
      }
      throw new IllegalStateException(
          "redis-server ("
              + binary
              + ") did not answer PING on "
              + HOST
              + " within "
              + READY_TIMEOUT.toSeconds()
              + " s. Its log:\n"
              + lastLog);
    } catch (IOException e) {
      folder.close();
      throw new UncheckedIOException("Cannot start " + binary + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      folder.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting redis-server", e);
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

  /** The password clients must send with {@code AUTH}, if one was set. */
  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  /** {@code redis://[:password@]host:port}, the form Jedis and most clients accept. */
  public String uri() {
    return "redis://" + (password == null ? "" : ":" + password + "@") + HOST + ":" + port;
  }

  /**
   * Freezes the server (SIGSTOP) with its data and connections, as a stalled host or a network
   * partition would: clients time out instead of being refused. {@link #resume()} thaws it.
   */
  public void suspend() {
    signal("STOP");
  }

  /** Lets a {@link #suspend() suspended} server run again (SIGCONT). */
  public void resume() {
    signal("CONT");
  }

  /**
   * Shuts the server down with {@code SHUTDOWN SAVE}, as an operator stops a Redis that keeps its
   * data: every key is written to {@code dump.rdb} in the server's folder before the process ends.
   * Clients are refused until {@link #startAgain()}. Returns once the process has ended.
   */
  public void shutDownSaving() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 1000);
      OutputStream out = socket.getOutputStream();
      if (password != null) {
        out.write(resp("AUTH", password));
      }
      out.write(resp("SHUTDOWN", "SAVE"));
      out.flush();
      // on success the server closes the connection without a reply; drain until it does
      socket.getInputStream().readAllBytes();
      if (!process.waitFor(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            this + " did not end within " + READY_TIMEOUT + " of SHUTDOWN SAVE");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot shut down " + this + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while shutting down " + this, e);
    }
    if (!Files.isRegularFile(folder.resolve("dump.rdb"))) {
      throw new IllegalStateException(this + " ended without saving " + folder.resolve("dump.rdb"));
    }
  }

  /**
   * Starts the server again after {@link #shutDownSaving()}, on the same port and folder, so it
   * loads the data the shutdown saved; returns once it answers {@code PING}.
   */
  public void startAgain() {
    if (process.isAlive()) {
      throw new IllegalStateException(this + " is still running: shut it down first");
    }
    Path log = folder.resolve("redis-" + port + "-again.log");
    try {
      Process started = launch(command, folder, log);
      if (!awaitPing(started, port, password)) {
        started.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new IllegalStateException(
            "redis-server did not answer PING on its old port "
                + port
                + " within "
                + READY_TIMEOUT.toSeconds()
                + " s. Its log:\n"
                + Files.readString(log));
      }
      process = started;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start redis-server again: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting redis-server again", e);
    }
  }

  private static Process launch(List<String> command, Path folder, Path log) throws IOException {
    return new ProcessBuilder(command)
        .directory(folder.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private void signal(String name) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
              .redirectErrorStream(true)
              .start();
      String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (kill.waitFor() != 0) {
        throw new IllegalStateException(
            "kill -" + name + " " + process.pid() + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run kill -" + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while signalling redis-server", e);
    }
  }

  /** Kills the server and deletes its folder. */
  @Override
  public void close() {
    cleanup.close();
  }

  private static List<String> command(
      Path binary, int port, Path dir, String password, Secure secure, boolean clusterNode) {
    List<String> command =
        new ArrayList<>(
            List.of(
                binary.toString(),
                "--port",
                Integer.toString(secure == null ? port : 0),
                "--bind",
                HOST,
                "--dir",
                dir.toString(),
                // Redis joins the words after --save into one config line; "" means "never save".
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--logfile",
                ""));
    if (clusterNode) {
      command.addAll(
          List.of(
              "--cluster-enabled",
              "yes",
              "--cluster-config-file",
              dir.resolve("nodes.conf").toString()));
    }
    if (secure != null) {
      command.addAll(
          List.of(
              "--tls-port",
              Integer.toString(port),
              "--tls-cert-file",
              secure.certificate().certificate().toString(),
              "--tls-key-file",
              secure.certificate().key().toString(),
              "--tls-ca-cert-file",
              secure.caPem().toString(),
              "--tls-auth-clients",
              "no",
              "--aclfile",
              dir.resolve("users.acl").toString()));
    } else if (password != null) {
      command.addAll(List.of("--requirepass", password));
    }
    return command;
  }

  /**
   * Waits for the server's own "ready" log line: a TLS port cannot be probed with the plain RESP
   * ping, and the bundled and Debian builds both log the line once they listen.
   */
  private static boolean awaitReadyLine(Process process, Path log) throws InterruptedException {
    return ChildProcesses.awaitReady(
        process,
        READY_TIMEOUT,
        POLL,
        () -> {
          try {
            return Files.exists(log)
                && Files.readString(log).contains("Ready to accept connections");
          } catch (IOException notYet) {
            return false; // read again on the next round
          }
        });
  }

  /** Polls with a raw RESP PING until the server answers, the process dies or time runs out. */
  private static boolean awaitPing(Process process, int port, String password)
      throws InterruptedException {
    return ChildProcesses.awaitReady(
        process, READY_TIMEOUT, POLL, () -> answersPing(port, password));
  }

  private static boolean answersPing(int port, String password) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      if (password != null) {
        out.write(resp("AUTH", password));
        out.flush();
        if (!"+OK".equals(in.readLine())) {
          return false;
        }
      }
      out.write(resp("PING"));
      out.flush();
      return "+PONG".equals(in.readLine());
    } catch (IOException e) {
      return false;
    }
  }

  private static byte[] resp(String... words) {
    StringBuilder command = new StringBuilder("*").append(words.length).append("\r\n");
    for (String word : words) {
      byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
      command.append('$').append(bytes.length).append("\r\n").append(word).append("\r\n");
    }
    return command.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "EmbeddedRedis[" + HOST + ":" + port + ", pid " + process.pid() + "]";
  }
}
