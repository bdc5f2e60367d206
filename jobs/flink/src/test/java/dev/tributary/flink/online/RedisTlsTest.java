package dev.tributary.flink.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.testing.ExternalTools;
import dev.tributary.embedded.RedisServerBinary;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer and reader over TLS against a real {@code redis-server --tls-port}, with a certificate
 * from a throw-away CA made by the {@code openssl} command (skipped without it, failed where
 * TRIBUTARY_REQUIRE_TOOLS lists it).
 */
class RedisTlsTest {
  @TempDir static Path dir;
  private static Process server;
  private static int port;

  @BeforeAll
  static void startTlsServer() throws Exception {
    ExternalTools.assumeOnPath(
        "openssl", "apt-get install openssl", "to make the test's certificate authorities");
    makeCertificates("ca", "server", "subjectAltName=IP:127.0.0.1,DNS:localhost");
    makeCertificates("other-ca", "other-server", "subjectAltName=DNS:localhost");
    truststore("ca");
    truststore("other-ca");
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      port = socket.getLocalPort();
    }
    server =
        new ProcessBuilder(
                RedisServerBinary.locate().toString(),
                "--port",
                "0",
                "--tls-port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.toString(),
                "--save",
                "",
                "--appendonly",
                "no",
                "--tls-cert-file",
                dir.resolve("server.crt").toString(),
                "--tls-key-file",
                dir.resolve("server.key").toString(),
                "--tls-ca-cert-file",
                dir.resolve("ca.crt").toString(),
                "--tls-auth-clients",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (server != null) {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void writesAndReadsOverTlsWithTheServersCa() throws Exception {
    FeatureView origin = TestViews.example("origin_delays");
    RedisOptions options = options("ca").build();
    // The reader's open retries until the server listens, so it also waits for the start.
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
    OnlineStoreReader.open(options("ca").build()).close(); // the server is up
    long start = System.nanoTime();
    OnlineStoreException e =
        assertThrows(
            OnlineStoreException.class,
            () ->
                OnlineStoreReader.open(
                    options("other-ca")
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

  private static RedisOptions.Builder options(String ca) {
    return RedisOptions.builder("127.0.0.1", port)
        .tls(dir.resolve(ca + ".p12").toString(), "changeit")
        .retries(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(20));
  }

  private static void makeCertificates(String ca, String server, String names) throws Exception {
    Path ext = dir.resolve(server + ".ext");
    Files.writeString(ext, names + "\n");
    run(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        ca + ".key",
        "-out",
        ca + ".crt",
        "-days",
        "2",
        "-subj",
        "/CN=Tributary test " + ca);
    run(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        server + ".key",
        "-out",
        server + ".csr",
        "-subj",
        "/CN=localhost");
    run(
        "x509",
        "-req",
        "-in",
        server + ".csr",
        "-CA",
        ca + ".crt",
        "-CAkey",
        ca + ".key",
        "-CAcreateserial",
        "-out",
        server + ".crt",
        "-days",
        "2",
        "-extfile",
        ext.getFileName().toString());
  }

  private static void truststore(String ca) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (InputStream in = Files.newInputStream(dir.resolve(ca + ".crt"))) {
      store.setCertificateEntry(
          ca, CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    try (OutputStream out = Files.newOutputStream(dir.resolve(ca + ".p12"))) {
      store.store(out, "changeit".toCharArray());
    }
  }

  private static void run(String... args) throws Exception {
    if (!openssl(args)) {
      throw new IllegalStateException("openssl " + String.join(" ", args) + " failed");
    }
  }

  private static boolean openssl(String... args) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("openssl.log").toFile())
              .start();
      return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
