package dev.tributary.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A local server of the S3 API on a random free port of 127.0.0.1: Adobe's S3Mock, run from its
 * executable jar (a Maven artifact, {@code com.adobe.testing:s3mock:VERSION:jar:exec}) in a child
 * JVM, so that its Spring and Tomcat stay off the caller's class path. Objects live in a temporary
 * folder; the buckets given to {@link #start} exist from the start.
 *
 * <p>Clients reach it like any S3 endpoint that is not AWS: endpoint {@link #endpoint()},
 * path-style access, no TLS, any access key. {@link #close} kills the process and deletes the
 * folder; a JVM shutdown hook does the same if the caller never closes it.
 */
public final class EmbeddedS3 implements AutoCloseable {

  /** System property naming the S3Mock executable jar (set by the build for its tests). */
  public static final String JAR_PROPERTY = "tributary.s3mock.jar";

  private static final String HOST = "127.0.0.1";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private final Process process;
  private final int port;
  private final ChildProcesses.Cleanup cleanup;

  private EmbeddedS3(Process process, int port, TemporaryDirectory folder) {
    this.process = process;
    this.port = port;
    this.cleanup =
        new ChildProcesses.Cleanup(
            "embedded-s3-" + port, () -> ChildProcesses.stop(process, 10), folder);
  }

  /** Starts the server from the jar {@value #JAR_PROPERTY} names, with these buckets. */
  public static EmbeddedS3 start(List<String> buckets) {
    String jar = System.getProperty(JAR_PROPERTY, "");
    if (jar.isBlank() || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "-D"
              + JAR_PROPERTY
              + " must name S3Mock's executable jar (com.adobe.testing:s3mock:jar:exec); the"
              + " Maven build of jobs/cli sets it for its tests, was: '"
              + jar
              + "'");
    }
    return start(Path.of(jar), buckets);
  }

  /** Starts the server from {@code jar} with these buckets. */
  public static EmbeddedS3 start(Path jar, List<String> buckets) {
    TemporaryDirectory folder = TemporaryDirectory.create("tributary-s3-");
    int port = FreePorts.on(HOST);
    Path log = folder.path().resolve("s3mock.log");
    Path store = folder.path().resolve("store");
    try {
      Files.createDirectories(store);
      Process process =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  // a test server: quick start over peak speed
                  "-XX:TieredStopAtLevel=1",
                  "-jar",
                  jar.toString(),
                  "--server.port=0",
                  "--server.address=" + HOST,
                  "--com.adobe.testing.s3mock.httpPort=" + port,
                  "--com.adobe.testing.s3mock.store.root=" + store,
                  "--com.adobe.testing.s3mock.store.initialBuckets=" + String.join(",", buckets),
                  "--spring.main.banner-mode=off")
              .directory(folder.path().toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      EmbeddedS3 s3 = new EmbeddedS3(process, port, folder);
      if (!s3.awaitReady()) {
        s3.close();
        throw new IllegalStateException(
            "S3Mock ("
                + jar
                + ") did not answer on "
                + HOST
                + ":"
                + port
                + " within "
                + READY_TIMEOUT.toSeconds()
                + " s. Its log:\n"
                + (Files.exists(log) ? Files.readString(log) : "(none)"));
      }
      return s3;
    } catch (IOException e) {
      folder.close();
      throw new UncheckedIOException("Cannot start S3Mock from " + jar, e);
    }
  }

  /** {@code http://127.0.0.1:port}: the endpoint S3 clients ({@code fs.s3a.endpoint}) call. */
  public String endpoint() {
    return "http://" + HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  /** Polls ListBuckets until the server answers, the process dies or time runs out. */
  private boolean awaitReady() throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest listBuckets =
        HttpRequest.newBuilder(URI.create(endpoint() + "/")).timeout(Duration.ofSeconds(5)).build();
    try {
      return ChildProcesses.awaitReady(
          process,
          READY_TIMEOUT,
          Duration.ofMillis(200),
          () -> {
            try {
              return http.send(listBuckets, HttpResponse.BodyHandlers.discarding()).statusCode()
                  == 200;
            } catch (IOException notYet) {
              return false; // not listening yet
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return false;
            }
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while waiting for S3Mock", e);
    }
  }

  /** Kills the server and deletes its objects. */
  @Override
  public void close() {
    cleanup.close();
  }

  @Override
  public String toString() {
    return "EmbeddedS3[" + endpoint() + ", pid " + process.pid() + "]";
  }
}
