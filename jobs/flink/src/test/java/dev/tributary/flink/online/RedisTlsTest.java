package dev.tributary.flink.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.testing.ExternalTools;
import dev.tributary.embedded.CertificateAuthority;
import dev.tributary.embedded.EmbeddedRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer and reader over TLS against a real {@code redis-server} with only a TLS port and an
 * ACL user, its certificate from a throw-away CA ({@link CertificateAuthority}, made by the {@code
 * openssl} command: skipped without it, failed where TRIBUTARY_REQUIRE_TOOLS lists it). A second CA
 * stands for a trust store that does not hold the server's.
 */
class RedisTlsTest {
  private static final String USER = "writer";
  private static final String PASSWORD = "tls-test-pa55";

  @TempDir static Path dir;
  private static CertificateAuthority serversCa;
  private static CertificateAuthority otherCa;
  private static EmbeddedRedis server;
  private static int port;

  @BeforeAll
  static void startTlsServer() throws Exception {
    ExternalTools.assumeOnPath(
        "openssl", "apt-get install openssl", "to make the test's certificate authorities");
    serversCa = CertificateAuthority.create(Files.createDirectory(dir.resolve("ca")));
    otherCa = CertificateAuthority.create(Files.createDirectory(dir.resolve("other-ca")));
    server = EmbeddedRedis.startSecure(serversCa, USER, PASSWORD);
    port = server.port();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void writesAndReadsOverTlsWithTheServersCa() throws Exception {
    FeatureView origin = TestViews.example("origin_delays");
    RedisOptions options = options(serversCa).build();
    try (OnlineStoreReader reader = OnlineStoreReader.open(options);
        OnlineStoreWriter writer = OnlineStoreWriter.open(options, List.of(origin))) {
      writer.write(
          List.of(OnlineUpdate.of(origin, List.of("SFO"), 7, TestViews.values(origin, 7), null)));
      OnlineRecord record = reader.read(OnlineLookup.of(origin, "SFO")).orElseThrow();
      assertEquals(7, record.asOf());
      assertEquals(Arrays.asList(TestViews.values(origin, 7)), record.values());
    }
  }

  @Test
  void anUntrustedCertificateFailsAtOnceAndSaysWhatToCheck() throws Exception {
    OnlineStoreReader.open(options(serversCa).build()).close(); // the server is up
    long start = System.nanoTime();
    OnlineStoreException e =
        assertThrows(
            OnlineStoreException.class,
            () ->
                OnlineStoreReader.open(
                    options(otherCa)
                        .retries(
                            Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofMinutes(5))
                        .build()));
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "not retried");
    assertTrue(
        e.getMessage()
            .startsWith("The TLS handshake with Redis at rediss://127.0.0.1:" + port + " failed"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("Check that redis.tls.truststore holds the CA"), e.getMessage());
  }

  private static RedisOptions.Builder options(CertificateAuthority trusted) {
    return RedisOptions.builder("127.0.0.1", port)
        .auth(USER, PASSWORD)
        .tls(trusted.trustStore().toString(), CertificateAuthority.STORE_PASSWORD)
        .retries(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(20));
  }
}
