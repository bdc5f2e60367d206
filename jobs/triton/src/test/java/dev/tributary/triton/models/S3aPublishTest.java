package dev.tributary.triton.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.core.testing.ExternalTools;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.Test;

/**
 * Publishing triton-models/ to {@code s3a://} against moto's S3 server. Runs only in a build with
 * the {@code s3a} profile (hadoop-aws on the class path) on a machine with {@code moto_server};
 * skipped otherwise.
 */
class S3aPublishTest {

  private static final Path ROOT = Paths.get(System.getProperty("tributary.repo.root", "../.."));

  @Test
  void publishesEveryVersionAndTheConfigAndRefusesToOverwrite() throws Exception {
    assumeTrue(
        onClassPath("org.apache.hadoop.fs.s3a.S3AFileSystem"),
        "hadoop-aws absent: build with -Ps3a");
    ExternalTools.assumeOnPath(
        "moto_server", "pip install 'moto[server]'", "as the S3 server publishing goes to");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process moto =
        new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      createBucket(port, "models");
      Configuration conf = new Configuration();
      conf.set("fs.s3a.endpoint", "http://127.0.0.1:" + port);
      conf.set("fs.s3a.endpoint.region", "us-east-1");
      conf.setBoolean("fs.s3a.path.style.access", true);
      conf.setBoolean("fs.s3a.connection.ssl.enabled", false);
      conf.set("fs.s3a.access.key", "testing");
      conf.set("fs.s3a.secret.key", "testing");
      URI target = URI.create("s3a://models/triton-models");

      assertEquals(
          List.of(1L, 2L),
          HadoopRepositoryPublisher.publish(
              ROOT.resolve("triton-models"), "flight_delay", List.of(), target, false, conf));
      assertThrows(
          FileAlreadyExistsException.class,
          () ->
              HadoopRepositoryPublisher.publish(
                  ROOT.resolve("triton-models"), "flight_delay", List.of(2L), target, false, conf));

      Map<String, Long> objects = new TreeMap<>();
      FileSystem fs = FileSystem.get(target, conf);
      RemoteIterator<LocatedFileStatus> files =
          fs.listFiles(new org.apache.hadoop.fs.Path(target), true);
      while (files.hasNext()) {
        LocatedFileStatus file = files.next();
        objects.put(target.relativize(file.getPath().toUri()).toString(), file.getLen());
      }
      Path local = ROOT.resolve("triton-models");
      assertEquals(
          Map.of(
              "flight_delay/config.pbtxt", Files.size(local.resolve("flight_delay/config.pbtxt")),
              "flight_delay/1/model.onnx", Files.size(local.resolve("flight_delay/1/model.onnx")),
              "flight_delay/1/metadata.json",
                  Files.size(local.resolve("flight_delay/1/metadata.json")),
              "flight_delay/2/model.onnx", Files.size(local.resolve("flight_delay/2/model.onnx")),
              "flight_delay/2/metadata.json",
                  Files.size(local.resolve("flight_delay/2/metadata.json"))),
          objects);
    } finally {
      moto.destroy();
    }
  }

  /** moto accepts an unsigned CreateBucket; retried while the server starts. */
  private static void createBucket(int port, String bucket) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + bucket))
            .PUT(HttpRequest.BodyPublishers.noBody())
            .build();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        assertEquals(200, response.statusCode(), "create bucket");
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  private static boolean onClassPath(String className) {
    try {
      Class.forName(className, false, S3aPublishTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
