package dev.tributary.flink.score;

import dev.tributary.triton.server.LocalTritonServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local Triton-protocol server in a JVM of its own, so a test can kill it the hard way
 * (SIGKILL: no goodbye to its clients, calls in flight cut off) and start it again on its port, as
 * when a Triton pod is killed and rescheduled.
 */
final class InferenceServerProcess implements AutoCloseable {
  private static final Duration READY = Duration.ofMinutes(2);

  private final Path repository;
  private final int port;
  private Process process;

  private InferenceServerProcess(Path repository, int port) {
    this.repository = repository;
    this.port = port;
  }

  /** Starts a server of {@code repository} on a free port and waits until it accepts calls. */
  static InferenceServerProcess start(Path repository) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      port = socket.getLocalPort();
    }
    InferenceServerProcess server = new InferenceServerProcess(repository, port);
    server.restart();
    return server;
  }

  int port() {
    return port;
  }

  /** Kills the server with SIGKILL and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /** Starts the server again on its port and waits until it accepts connections. */
  void restart() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    // under Surefire, the test classpath it hides in a jar
                    System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path")),
                    LocalTritonServer.class.getName(),
                    "--repository",
                    repository.toString(),
                    "--port",
                    Integer.toString(port)))
            .inheritIO()
            .start();
    long giveUp = System.nanoTime() + READY.toNanos();
    while (!accepts()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the inference server exited with " + process.exitValue());
      }
      if (System.nanoTime() > giveUp) {
        throw new IllegalStateException("the inference server is not up after " + READY);
      }
      Thread.sleep(100);
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
