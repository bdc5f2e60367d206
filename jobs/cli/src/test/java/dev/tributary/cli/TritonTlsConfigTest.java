package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.testing.ExternalTools;
import dev.tributary.embedded.CertificateAuthority;
import dev.tributary.triton.client.RetryPolicy;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.client.TritonClientLoader;
import dev.tributary.triton.client.TritonException;
import dev.tributary.triton.server.LocalTritonServer;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Triton over mutual TLS as the score job gets it from {@code --config}: the {@code triton.*} keys
 * make the client loader the job ships to its tasks, which (serialized and opened as a task would)
 * reaches the local Triton-protocol server serving the committed models with a certificate and
 * requiring one from its clients.
 */
class TritonTlsConfigTest {
  @TempDir static Path dir;
  private static CertificateAuthority ca;
  private static LocalTritonServer server;

  @BeforeAll
  static void startMutualTlsServer() throws Exception {
    ExternalTools.assumeOnPath("openssl", "apt-get install openssl", "to make certificates");
    ca = CertificateAuthority.create(dir);
    CertificateAuthority.Issued certificate = ca.issue("triton-server");
    server =
        LocalTritonServer.startMutualTls(
            Checkout.exampleDefinitions().resolve("../triton-models").normalize(),
            certificate.certificate(),
            certificate.key(),
            ca.caPem());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static ConfigFileOption config(String tls) throws Exception {
    Path file = Files.createTempFile(dir, "tributary", ".yaml");
    Files.writeString(
        file, "triton:\n  endpoints:\n    - localhost:" + server.port() + "\n  tls:\n" + tls);
    ConfigFileOption option = new ConfigFileOption();
    option.file = file;
    return option;
  }

  /** The loader as a Flink task receives it: serialized with the job graph, then opened. */
  private static TritonClient openAsATask(TritonClient.Builder builder) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(TritonClientLoader.of(builder.retryPolicy(RetryPolicy.none())));
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return ((TritonClientLoader) in.readObject()).open();
    }
  }

  @Test
  void theConfiguredClientCertificateIsAcceptedByAServerRequiringOne() throws Exception {
    CertificateAuthority.Issued scorer = ca.issue("scorer");
    ConfigFileOption option =
        config(
            "    ca: "
                + ca.caPem()
                + "\n    cert: "
                + scorer.certificate()
                + "\n    key: "
                + scorer.key()
                + "\n");
    try (TritonClient client = openAsATask(option.triton(List.of()))) {
      assertTrue(client.serverLive());
      assertTrue(client.modelReady("flight_delay", "1"), "flight_delay version 1 ready over mTLS");
    }
  }

  @Test
  void withoutAClientCertificateTheServerRefusesAndHalfAPairIsAnError() throws Exception {
    ConfigFileOption serverOnly = config("    ca: " + ca.caPem() + "\n");
    try (TritonClient client = openAsATask(serverOnly.triton(List.of()))) {
      TritonException refused = assertThrows(TritonException.class, client::serverLive);
      assertEquals(Status.Code.UNAVAILABLE, refused.code(), refused.getMessage());
    }
    ConfigFileOption half = config("    cert: " + ca.caPem() + "\n");
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> half.triton(List.of()));
    assertTrue(error.getMessage().contains("triton.tls.cert and triton.tls.key go together"));
  }
}
