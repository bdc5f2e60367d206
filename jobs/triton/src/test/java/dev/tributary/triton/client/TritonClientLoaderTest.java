package dev.tributary.triton.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.triton.server.LocalTritonServer;
import dev.tributary.triton.tensor.ElementType;
import dev.tributary.triton.testing.RepositoryFolder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader survives Java serialization, as a Flink function field does, and opens working
 * clients.
 */
class TritonClientLoaderTest {

  @TempDir Path repository;

  @Test
  void aSerializedLoaderOpensAClientWithTheSameSettings() throws Exception {
    new RepositoryFolder(repository).identity(ElementType.INT8, "");
    try (LocalTritonServer server = LocalTritonServer.start(repository, 0)) {
      TritonClient.Builder settings =
          TritonClient.builder()
              .endpoint("127.0.0.1:" + server.port())
              .defaultDeadline(Duration.ofSeconds(3))
              .retryPolicy(RetryPolicy.of(2, Duration.ofMillis(10), Duration.ofMillis(20), 2, 0.1));
      TritonClientLoader loader = TritonClientLoader.of(settings);
      settings.endpoint("127.0.0.1:1"); // later changes do not leak into the loader

      try (TritonClient client = roundTrip(loader).open()) {
        assertEquals(List.of("127.0.0.1:" + server.port()), client.endpoints());
        assertTrue(client.serverLive());
      }
    }
  }

  @Test
  void tlsSettingsTravelWithTheLoaderAndInvalidSettingsFailAtOnce() throws Exception {
    TritonClientLoader tls =
        TritonClientLoader.of(
            TritonClient.builder()
                .endpoint("127.0.0.1:1")
                .tls(TlsOptions.trusting(repository.resolve("missing-ca.pem"))));
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> roundTrip(tls).open());
    assertTrue(e.getMessage().contains("missing-ca.pem"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> TritonClientLoader.of(TritonClient.builder()),
        "no endpoint: refused when the loader is made, not later in a task");
  }

  private static TritonClientLoader roundTrip(TritonClientLoader loader) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(loader);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (TritonClientLoader) in.readObject();
    }
  }
}
