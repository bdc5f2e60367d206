package dev.tributary.cli;

import dev.tributary.embedded.CertificateAuthority;
import dev.tributary.triton.server.LocalTritonServer;

/**
 * The local Triton-protocol server serving the committed models over TLS with a certificate of
 * {@code ca}, requiring a client certificate of the same CA: Triton as {@code
 * --grpc-use-ssl-mutual} runs it, for the tests of the {@code triton.tls.*} keys.
 */
final class MutualTlsTriton {
  private MutualTlsTriton() {}

  static LocalTritonServer start(CertificateAuthority ca) throws Exception {
    CertificateAuthority.Issued certificate = ca.issue("triton-server");
    return LocalTritonServer.startMutualTls(
        Checkout.root().resolve("triton-models"),
        certificate.certificate(),
        certificate.key(),
        ca.caPem());
  }
}
