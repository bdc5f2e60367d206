package dev.tributary.triton.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.testing.ExternalTools;
import dev.tributary.embedded.CertificateAuthority;
import dev.tributary.triton.server.LocalTritonServer;
import dev.tributary.triton.tensor.ElementType;
import dev.tributary.triton.tensor.Tensor;
import dev.tributary.triton.testing.RepositoryFolder;
import io.grpc.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and mutual TLS against a local server, with a throwaway CA ({@link CertificateAuthority},
 * made by openssl) for the test (skipped without openssl, failed instead where
 * TRIBUTARY_REQUIRE_TOOLS lists it: {@link ExternalTools}).
 */
class TlsTest {

  @TempDir static Path dir;
  private static LocalTritonServer server;
  private static Path caPem;
  private static CertificateAuthority.Issued client;

  @BeforeAll
  static void startMutualTlsServer() throws Exception {
    ExternalTools.assumeOnPath(
        "openssl", "apt-get install openssl", "to make the test's certificate authority");
    CertificateAuthority ca = CertificateAuthority.create(dir);
    CertificateAuthority.Issued serverCertificate = ca.issue("server");
    client = ca.issue("client");
    caPem = ca.caPem();
    Path repository = dir.resolve("models");
    new RepositoryFolder(repository).identity(ElementType.INT64, "");
    server =
        LocalTritonServer.startMutualTls(
            repository, serverCertificate.certificate(), serverCertificate.key(), caPem);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void mutualTlsClientIsServed() {
    TlsOptions tls = TlsOptions.mutual(caPem, client.certificate(), client.key());
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
                .tls(TlsOptions.trusting(caPem))
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
        TlsOptions.mutual(caPem, client.certificate(), client.key())
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
}
