package dev.tributary.triton.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.testing.ExternalTools;
import dev.tributary.triton.server.LocalTritonServer;
import dev.tributary.triton.tensor.ElementType;
import dev.tributary.triton.tensor.Tensor;
import dev.tributary.triton.testing.RepositoryFolder;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and mutual TLS against a local server, with a throwaway CA made by openssl for the test
 * (skipped without openssl, failed instead where TRIBUTARY_REQUIRE_TOOLS lists it: {@link
 * ExternalTools}).
 */
class TlsTest {

  @TempDir static Path dir;
  private static LocalTritonServer server;

  @BeforeAll
  static void startMutualTlsServer() throws Exception {
    ExternalTools.assumeOnPath(
        "openssl", "apt-get install openssl", "to make the test's certificate authority");
    openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=tributary-test-ca");
    signed("server", "subjectAltName=DNS:localhost,IP:127.0.0.1");
    signed("client", "extendedKeyUsage=clientAuth");
    Path repository = dir.resolve("models");
    new RepositoryFolder(repository).identity(ElementType.INT64, "");
    server =
        LocalTritonServer.start(
            repository,
            new InetSocketAddress("127.0.0.1", 0),
            TlsServerCredentials.newBuilder()
                .keyManager(dir.resolve("server.pem").toFile(), dir.resolve("server.key").toFile())
                .trustManager(dir.resolve("ca.pem").toFile())
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                .build());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void mutualTlsClientIsServed() {
    TlsOptions tls =
        TlsOptions.mutual(
            dir.resolve("ca.pem"), dir.resolve("client.pem"), dir.resolve("client.key"));
    try (TritonClient client =
        TritonClient.builder().endpoint("localhost:" + server.port()).tls(tls).build()) {
      InferResult result =
          client.infer(
              InferRequest.builder("identity_int64")
                  .input(Tensor.ofInt64s("INPUT0", new long[] {1, 2}, Long.MAX_VALUE, -5))
                  .build());
      assertEquals(Long.MAX_VALUE, result.output("OUTPUT0").asInt64s()[0]);
    }
  }

  @Test
  void aClientWithoutCertificateOrWithoutTlsIsRefused() {
    try (TritonClient serverAuthOnly =
            TritonClient.builder()
                .endpoint("localhost:" + server.port())
                .tls(TlsOptions.trusting(dir.resolve("ca.pem")))
                .retryPolicy(RetryPolicy.none())
                .build();
        TritonClient plaintext =
            TritonClient.builder()
                .endpoint("127.0.0.1:" + server.port())
                .retryPolicy(RetryPolicy.none())
                .build()) {
      TritonException noCertificate =
          assertThrows(TritonException.class, serverAuthOnly::serverLive);
      assertEquals(Status.Code.UNAVAILABLE, noCertificate.code(), noCertificate.getMessage());
      TritonException noTls = assertThrows(TritonException.class, plaintext::serverLive);
      assertEquals(Status.Code.UNAVAILABLE, noTls.code(), noTls.getMessage());
    }
  }

  @Test
  void theAuthorityOverrideChecksTheCertificateAgainstAnotherName() {
    TlsOptions wrongName =
        TlsOptions.mutual(
                dir.resolve("ca.pem"), dir.resolve("client.pem"), dir.resolve("client.key"))
            .withAuthority("triton.example");
    try (TritonClient client =
        TritonClient.builder()
            .endpoint("127.0.0.1:" + server.port())
            .tls(wrongName)
            .retryPolicy(RetryPolicy.none())
            .build()) {
      TritonException e = assertThrows(TritonException.class, client::serverLive);
      assertTrue(e.code() == Status.Code.UNAVAILABLE, e.getMessage());
    }
  }

  private static void signed(String name, String extension) throws Exception {
    Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
    openssl(
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".csr",
        "-subj",
        "/CN=" + name);
    openssl(
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        name + ".pem",
        "-days",
        "2",
        "-extfile",
        name + ".ext");
  }

  private static void openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException("openssl " + String.join(" ", args) + " failed:\n" + output);
    }
  }
}
