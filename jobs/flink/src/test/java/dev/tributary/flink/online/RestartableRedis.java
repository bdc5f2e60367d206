package dev.tributary.flink.online;

import dev.tributary.embedded.RedisServerBinary;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import redis.clients.jedis.RedisClient;

/**
 * A redis-server that a test can kill (SIGKILL, no goodbye to its clients) and start again on the
 * same port with the same data. The append-only file keeps every write Redis acknowledged, as a
 * production server with persistence or a replica would: Redis hands each write to the kernel
 * before it answers the client, and a killed process (unlike a crashed machine) loses nothing the
 * kernel has, so no fsync is needed.
 *
 * <p>{@code EmbeddedRedis} runs without persistence and cannot restart on its port, which an outage
 * test needs; this uses the same binary ({@link RedisServerBinary}).
 */
final class RestartableRedis implements AutoCloseable {
  static final String HOST = "127.0.0.1";

  private final Path binary = RedisServerBinary.locate();
  private final Path dir;
  private final int port;
  private Process process;

  private RestartableRedis(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  static RestartableRedis start() throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(HOST, 0));
      port = socket.getLocalPort();
    }
    RestartableRedis redis =
        new RestartableRedis(Files.createTempDirectory("tributary-redis-outage-"), port);
    redis.restart();
    return redis;
  }

  int port() {
    return port;
  }

  /** Kills the server the hard way and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  /**
   * Freezes the server (SIGSTOP) or thaws it (SIGCONT), like a network partition or a long GC-like
   * stall: connections stay open and new ones are even accepted by the kernel, but nothing answers.
   */
  void freeze(boolean frozen) throws IOException, InterruptedException {
    Process signal =
        new ProcessBuilder("kill", frozen ? "-STOP" : "-CONT", Long.toString(process.pid()))
            .start();
    if (!signal.waitFor(10, TimeUnit.SECONDS) || signal.exitValue() != 0) {
      throw new IllegalStateException(
          "kill " + (frozen ? "-STOP " : "-CONT ") + process.pid() + " failed");
    }
  }

  /** Starts the server on its port; it reloads its append-only file. */
  void restart() throws IOException, InterruptedException {
    process =
        new ProcessBuilder(
                List.of(
                    binary.toString(),
                    "--port",
                    Integer.toString(port),
                    "--bind",
                    HOST,
                    "--dir",
                    dir.toString(),
                    "--save",
                    "",
                    "--appendonly",
                    "yes",
                    "--appendfsync",
                    "no",
                    "--daemonize",
                    "no"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try (RedisClient client = RedisClient.create(HOST, port)) {
        if ("PONG".equals(client.ping())) {
          return;
        }
      } catch (RuntimeException notYet) {
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException(
        "redis-server on port "
            + port
            + " did not answer PING; log:\n"
            + Files.readString(dir.resolve("redis.log")));
  }

  @Override
  public void close() throws IOException {
    try {
      kill();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
