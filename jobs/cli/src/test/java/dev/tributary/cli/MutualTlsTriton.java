package dev.tributary.cli;

import dev.tributary.embedded.CertificateAuthority;
import dev.tributary.triton.server.LocalTritonServer;
import io.grpc.TlsServerCredentials;
import java.net.InetSocketAddress;

/**
 * The local Triton-protocol server serving the committed models over TLS with a certificate of
 * {@code ca}, requiring a client certificate of the same CA: Triton as {@code
 * --grpc-use-ssl-mutual} runs it, for the tests of the {@code triton.tls.*} keys.
 */
final class MutualTlsTriton {
  private MutualTlsTriton() {}

  static LocalTritonServer start(CertificateAuthority ca) throws Exception {
    CertificateAuthority.Issued certificate = ca.issue("triton-server");
    return LocalTritonServer.start(
        Checkout.root().resolve("triton-models"),
        new InetSocketAddress("127.0.0.1", 0),
        TlsServerCredentials.newBuilder()
            .keyManager(certificate.certificate().toFile(), certificate.key().toFile())
            .trustManager(ca.caPem().toFile())
            .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
            .build());
  }
}
