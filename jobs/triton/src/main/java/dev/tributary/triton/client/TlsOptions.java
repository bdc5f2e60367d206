package dev.tributary.triton.client;

import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS to the server, optionally mutual: PEM files for the CA that signed the server's certificate
 * (the JVM's trust store when absent) and, for mTLS, the client's certificate chain and private
 * key.
 */
public final class TlsOptions implements Serializable {

  private static final long serialVersionUID = 1L;

  // Paths as text: java.nio.file.Path is not serializable, and the options travel to Flink tasks.
  private final String trustedCertificates;
  private final String clientCertificateChain;
  private final String clientPrivateKey;
  private final String authorityOverride;

  private TlsOptions(
      Path trustedCertificates,
      Path clientCertificateChain,
      Path clientPrivateKey,
      String authorityOverride) {
    this.trustedCertificates = trustedCertificates == null ? null : trustedCertificates.toString();
    this.clientCertificateChain =
        clientCertificateChain == null ? null : clientCertificateChain.toString();
    this.clientPrivateKey = clientPrivateKey == null ? null : clientPrivateKey.toString();
    this.authorityOverride = authorityOverride;
  }

  /** Server authentication only, trusting the given CA certificates (PEM). */
  public static TlsOptions trusting(Path caCertificates) {
    return new TlsOptions(caCertificates, null, null, null);
  }

  /**
   * Mutual TLS: trust the CA (PEM) and present the client certificate chain and PKCS#8 key (PEM).
   */
  public static TlsOptions mutual(
      Path caCertificates, Path clientCertificateChain, Path clientPrivateKey) {
    return new TlsOptions(caCertificates, clientCertificateChain, clientPrivateKey, null);
  }

  /** Checks the server certificate against this host name instead of the endpoint's. */
  public TlsOptions withAuthority(String authority) {
    return new TlsOptions(
        path(trustedCertificates), path(clientCertificateChain), path(clientPrivateKey), authority);
  }

  Optional<String> authorityOverride() {
    return Optional.ofNullable(authorityOverride);
  }

  ChannelCredentials credentials() {
    TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
    try {
      if (trustedCertificates != null) {
        builder.trustManager(new File(trustedCertificates));
      }
      if (clientCertificateChain != null) {
        builder.keyManager(new File(clientCertificateChain), new File(clientPrivateKey));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read TLS files "
              + trustedCertificates
              + ", "
              + clientCertificateChain
              + ", "
              + clientPrivateKey,
          e);
    }
    return builder.build();
  }

  private static Path path(String text) {
    return text == null ? null : Path.of(text);
  }
}
