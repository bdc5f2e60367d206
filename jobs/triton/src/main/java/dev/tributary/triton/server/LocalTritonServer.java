package dev.tributary.triton.server;

import ai.onnxruntime.OrtEnvironment;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * A local stand-in for NVIDIA Triton: serves the ONNX models of a Triton model repository over
 * Triton's gRPC protocol with ONNX Runtime, so that the scoring job, the demo and the tests run
 * without a GPU. Every model of the repository is loaded at start (a bad config.pbtxt fails the
 * start, naming the file, as Triton's default exit-on-error does); RepositoryModelLoad/Unload
 * change the set afterwards.
 *
 * <p>{@code tributary triton-local --repository triton-models --port 8001} runs {@link #main}.
 */
public final class LocalTritonServer implements AutoCloseable {

  /** Triton's default is 4 MiB; feature batches of a few thousand rows exceed that. */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  private final Server server;
  private final ModelRegistry registry;

  private LocalTritonServer(Server server, ModelRegistry registry) {
    this.server = server;
    this.registry = registry;
  }

  /** Serves {@code repository} on the loopback interface; port 0 picks a free port. */
  public static LocalTritonServer start(Path repository, int port) throws ModelConfigException {
    return start(repository, new InetSocketAddress("127.0.0.1", port));
  }

  /** Serves {@code repository} in plaintext on the given address; port 0 picks a free port. */
  public static LocalTritonServer start(Path repository, InetSocketAddress address)
      throws ModelConfigException {
    return start(repository, address, InsecureServerCredentials.create());
  }

  /**
   * Serves {@code repository} on a free loopback port over mutual TLS, as a production Triton
   * fronted by TLS is reached: the server presents {@code certificate} (PEM, with its PKCS#8 {@code
   * key}) and refuses clients without a certificate that {@code clientCa} signed.
   */
  public static LocalTritonServer startMutualTls(
      Path repository, Path certificate, Path key, Path clientCa)
      throws ModelConfigException, IOException {
    return start(
        repository,
        new InetSocketAddress("127.0.0.1", 0),
        TlsServerCredentials.newBuilder()
            .keyManager(certificate.toFile(), key.toFile())
            .trustManager(clientCa.toFile())
            .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
            .build());
  }

  /**
   * Serves {@code repository} on the given address with the given transport security, e.g. {@code
   * TlsServerCredentials} requiring client certificates for mTLS.
   */
  public static LocalTritonServer start(
      Path repository, InetSocketAddress address, ServerCredentials credentials)
      throws ModelConfigException {
    ModelRegistry registry =
        new ModelRegistry(new ModelRepository(repository), OrtEnvironment.getEnvironment());
    try {
      for (String model : registry.repository().modelNames()) {
        registry.load(model);
      }
      Server server =
          NettyServerBuilder.forAddress(address, credentials)
              .addService(new TritonInferenceService(registry))
              .maxInboundMessageSize(MAX_MESSAGE_BYTES)
              .permitKeepAliveTime(10, TimeUnit.SECONDS)
              .permitKeepAliveWithoutCalls(true)
              .build()
              .start();
      return new LocalTritonServer(server, registry);
    } catch (IOException e) {
      registry.close();
      throw new UncheckedIOException("cannot listen on " + address, e);
    } catch (ModelConfigException | RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  /** The port actually bound. */
  public int port() {
    return server.getPort();
  }

  /**
   * Requests of a model version accepted by its dynamic batcher and not yet running (0 without a
   * batcher), what Triton reports as {@code nv_inference_pending_request_count}: lets a caller see
   * a request is held by the server rather than still on its way. An empty version means the
   * highest loaded one; an unknown model or version fails as a request would (NOT_FOUND).
   */
  public int pendingRequests(String model, String version) {
    try {
      return registry.resolve(model, version).pendingRequests();
    } catch (InferenceError e) {
      throw e.toStatus();
    }
  }

  /** Blocks until the server stops. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /**
   * Stops serving: new calls are refused, calls waiting in a dynamic batcher fail with UNAVAILABLE
   * (so clients retry elsewhere, as when a Triton pod goes away), running ones finish, then the
   * models are freed.
   */
  @Override
  public void close() {
    server.shutdown();
    registry.close();
    try {
      if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
        server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** {@code --repository DIR [--port N] [--host ADDRESS]}; defaults: port 8001, host 127.0.0.1. */
  public static void main(String[] args) throws Exception {
    Path repository = null;
    int port = 8001;
    String host = "127.0.0.1";
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--repository" -> {
          repository = Paths.get(require(args[i], value));
          i++;
        }
        case "--port" -> {
          port = Integer.parseInt(require(args[i], value));
          i++;
        }
        case "--host" -> {
          host = require(args[i], value);
          i++;
        }
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; usage: --repository DIR [--port N] [--host ADDRESS]");
      }
    }
    if (repository == null) {
      throw new IllegalArgumentException("--repository DIR is required");
    }
    LocalTritonServer server = start(repository, new InetSocketAddress(host, port));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "local-triton-shutdown"));
    System.out.println(
        "local Triton server on "
            + host
            + ":"
            + server.port()
            + " serving "
            + repository
            + ": "
            + server.registry.index(true).size()
            + " model versions ready");
    server.awaitTermination();
  }

  private static String require(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }
}
