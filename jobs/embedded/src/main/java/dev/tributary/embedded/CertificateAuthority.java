package dev.tributary.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away certificate authority made with the {@code openssl} command, for services started
 * with TLS in tests and the demo: the CA, and certificates it signs for servers ({@code localhost}
 * and {@code 127.0.0.1}) and clients, as PEM files and PKCS#12 stores.
 *
 * <p>Files in {@link #folder()}: {@code ca.pem}, {@code ca.p12} (a trust store holding the CA), and
 * per certificate {@code NAME.pem}, {@code NAME.key} (PKCS#8) and {@code NAME.p12} (key and chain).
 * Every store's password is {@link #STORE_PASSWORD}.
 */
public final class CertificateAuthority {
  /** The password of every PKCS#12 store made here (test material, not a secret). */
  public static final String STORE_PASSWORD = "tributary-test";

  private final Path folder;

  private CertificateAuthority(Path folder) {
    this.folder = folder;
  }

  /** Makes a new CA in {@code folder}. */
  public static CertificateAuthority create(Path folder) {
    CertificateAuthority ca = new CertificateAuthority(folder);
    ca.openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Tributary test CA");
    ca.trustStore();
    return ca;
  }

  public Path folder() {
    return folder;
  }

  /** The CA certificate (PEM). */
  public Path caPem() {
    return folder.resolve("ca.pem");
  }

  /** A PKCS#12 trust store holding the CA certificate. */
  public Path trustStore() {
    Path store = folder.resolve("ca.p12");
    if (Files.exists(store)) {
      return store;
    }
    try (InputStream in = Files.newInputStream(caPem());
        OutputStream out = Files.newOutputStream(store)) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      keys.store(out, STORE_PASSWORD.toCharArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot write the trust store " + store, e);
    }
    return store;
  }

  /**
   * A certificate for {@code name} signed by this CA, valid for {@code localhost} and {@code
   * 127.0.0.1}, for server and client authentication alike.
   */
  public Issued issue(String name) {
    try {
      Files.writeString(
          folder.resolve(name + ".ext"),
          "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
              + "extendedKeyUsage=serverAuth,clientAuth\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".csr",
        "-subj",
        "/CN=localhost");
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
    openssl(
        "pkcs12",
        "-export",
        "-in",
        name + ".pem",
        "-inkey",
        name + ".key",
        "-certfile",
        "ca.pem",
        "-name",
        name,
        "-out",
        name + ".p12",
        "-passout",
        "pass:" + STORE_PASSWORD);
    return new Issued(
        folder.resolve(name + ".pem"),
        folder.resolve(name + ".key"),
        folder.resolve(name + ".p12"));
  }

  /**
   * One issued certificate.
   *
   * @param certificate the certificate (PEM)
   * @param key its private key (PKCS#8 PEM)
   * @param keyStore both in a PKCS#12 store, with the CA in the chain
   */
  public record Issued(Path certificate, Path key, Path keyStore) {}

  private void openssl(String... args) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot run openssl (install it: apt-get install openssl): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
