package dev.tributary.triton.client;

import com.google.common.util.concurrent.ListenableFuture;
import dev.tributary.triton.protocol.GRPCInferenceServiceGrpc.GRPCInferenceServiceFutureStub;
import dev.tributary.triton.protocol.ModelConfig;
import dev.tributary.triton.protocol.ModelConfigRequest;
import dev.tributary.triton.protocol.ModelMetadataRequest;
import dev.tributary.triton.protocol.ModelMetadataResponse;
import dev.tributary.triton.protocol.ModelReadyRequest;
import dev.tributary.triton.protocol.ModelStatistics;
import dev.tributary.triton.protocol.ModelStatisticsRequest;
import dev.tributary.triton.protocol.RepositoryIndexRequest;
import dev.tributary.triton.protocol.RepositoryIndexResponse;
import dev.tributary.triton.protocol.RepositoryModelLoadRequest;
import dev.tributary.triton.protocol.RepositoryModelUnloadRequest;
import dev.tributary.triton.protocol.ServerLiveRequest;
import dev.tributary.triton.protocol.ServerMetadataRequest;
import dev.tributary.triton.protocol.ServerMetadataResponse;
import dev.tributary.triton.protocol.ServerReadyRequest;
import io.grpc.Status;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * A gRPC client for NVIDIA Triton and the local server: every call of the KServe v2 protocol and
 * Triton's repository and statistics extensions, each as a {@link CompletableFuture} ({@code
 * ...Async}) and as a blocking method that throws {@link TritonException}.
 *
 * <p>Every call has a deadline (the client default or the request's), retries UNAVAILABLE and
 * RESOURCE_EXHAUSTED by the {@link RetryPolicy} on the next endpoint in round-robin order, and
 * accepts responses up to {@code maxInboundMessageBytes} (64 MiB by default rather than gRPC's 4
 * MiB, which a batch of a few thousand feature rows exceeds). Tensors travel as raw little-endian
 * contents; see {@link dev.tributary.triton.tensor.Tensor}.
 *
 * <pre>{@code
 * try (TritonClient triton = TritonClient.builder().endpoint("localhost:8001").build()) {
 *     InferResult result = triton.infer(InferRequest.builder("flight_delay").version(2)
 *             .input(Tensor.ofFp32s("input", new long[] {1, 4}, features)).build());
 *     float[] probabilities = result.output("output").asFloats();
 * }
 * }</pre>
 */
public final class TritonClient implements AutoCloseable {

  private final ChannelPool channels;
  private final RetryPolicy retryPolicy;
  private final Duration defaultDeadline;
  private final ScheduledExecutorService scheduler;

  private TritonClient(Builder builder) {
    this.channels =
        new ChannelPool(
            builder.endpoints,
            builder.tls,
            builder.keepAliveTime,
            builder.keepAliveTimeout,
            builder.maxInboundMessageBytes);
    this.retryPolicy = builder.retryPolicy;
    this.defaultDeadline = builder.defaultDeadline;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "triton-client-retries");
              thread.setDaemon(true);
              return thread;
            });
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---- inference ----

  public CompletableFuture<InferResult> inferAsync(InferRequest request) {
    return call(
            "ModelInfer",
            request.model(),
            request.version(),
            request.deadline().orElse(defaultDeadline),
            stub -> stub.modelInfer(request.toProto()))
        .thenApply(
            response -> {
              try {
                return InferResult.fromProto(response);
              } catch (IllegalArgumentException e) {
                // Contents that do not fit their shapes: the server broke the protocol.
                throw new TritonException(
                    "ModelInfer",
                    Status.INTERNAL.withDescription("malformed response: " + e.getMessage()),
                    request.model(),
                    request.version(),
                    1,
                    e);
              }
            });
  }

  public InferResult infer(InferRequest request) {
    return await(inferAsync(request));
  }

  // ---- health ----

  public CompletableFuture<Boolean> serverLiveAsync() {
    return call(
            "ServerLive",
            "",
            "",
            defaultDeadline,
            stub -> stub.serverLive(ServerLiveRequest.getDefaultInstance()))
        .thenApply(response -> response.getLive());
  }

  public boolean serverLive() {
    return await(serverLiveAsync());
  }

  public CompletableFuture<Boolean> serverReadyAsync() {
    return call(
            "ServerReady",
            "",
            "",
            defaultDeadline,
            stub -> stub.serverReady(ServerReadyRequest.getDefaultInstance()))
        .thenApply(response -> response.getReady());
  }

  public boolean serverReady() {
    return await(serverReadyAsync());
  }

  /** Whether the version (or, with "", the version the server would choose) is ready. */
  public CompletableFuture<Boolean> modelReadyAsync(String model, String version) {
    return call(
            "ModelReady",
            model,
            version,
            defaultDeadline,
            stub ->
                stub.modelReady(
                    ModelReadyRequest.newBuilder().setName(model).setVersion(version).build()))
        .thenApply(response -> response.getReady());
  }

  public boolean modelReady(String model, String version) {
    return await(modelReadyAsync(model, version));
  }

  // ---- metadata, configuration, statistics ----

  public CompletableFuture<ServerMetadataResponse> serverMetadataAsync() {
    return call(
        "ServerMetadata",
        "",
        "",
        defaultDeadline,
        stub -> stub.serverMetadata(ServerMetadataRequest.getDefaultInstance()));
  }

  public ServerMetadataResponse serverMetadata() {
    return await(serverMetadataAsync());
  }

  public CompletableFuture<ModelMetadataResponse> modelMetadataAsync(String model, String version) {
    return call(
        "ModelMetadata",
        model,
        version,
        defaultDeadline,
        stub ->
            stub.modelMetadata(
                ModelMetadataRequest.newBuilder().setName(model).setVersion(version).build()));
  }

  public ModelMetadataResponse modelMetadata(String model, String version) {
    return await(modelMetadataAsync(model, version));
  }

  public CompletableFuture<ModelConfig> modelConfigAsync(String model, String version) {
    return call(
            "ModelConfig",
            model,
            version,
            defaultDeadline,
            stub ->
                stub.modelConfig(
                    ModelConfigRequest.newBuilder().setName(model).setVersion(version).build()))
        .thenApply(response -> response.getConfig());
  }

  public ModelConfig modelConfig(String model, String version) {
    return await(modelConfigAsync(model, version));
  }

  /**
   * Statistics of one version, of every version of a model (version ""), or of all models (both
   * "").
   */
  public CompletableFuture<List<ModelStatistics>> modelStatisticsAsync(
      String model, String version) {
    return call(
            "ModelStatistics",
            model,
            version,
            defaultDeadline,
            stub ->
                stub.modelStatistics(
                    ModelStatisticsRequest.newBuilder().setName(model).setVersion(version).build()))
        .thenApply(response -> new ArrayList<>(response.getModelStatsList()));
  }

  public List<ModelStatistics> modelStatistics(String model, String version) {
    return await(modelStatisticsAsync(model, version));
  }

  // ---- model repository ----

  public CompletableFuture<List<RepositoryIndexResponse.ModelIndex>> repositoryIndexAsync(
      boolean readyOnly) {
    return call(
            "RepositoryIndex",
            "",
            "",
            defaultDeadline,
            stub ->
                stub.repositoryIndex(
                    RepositoryIndexRequest.newBuilder().setReady(readyOnly).build()))
        .thenApply(response -> new ArrayList<>(response.getModelsList()));
  }

  public List<RepositoryIndexResponse.ModelIndex> repositoryIndex(boolean readyOnly) {
    return await(repositoryIndexAsync(readyOnly));
  }

  /** Loads, or reloads from the repository, a model's versions. */
  public CompletableFuture<Void> loadModelAsync(String model) {
    return call(
            "RepositoryModelLoad",
            model,
            "",
            defaultDeadline,
            stub ->
                stub.repositoryModelLoad(
                    RepositoryModelLoadRequest.newBuilder().setModelName(model).build()))
        .thenApply(response -> null);
  }

  public void loadModel(String model) {
    await(loadModelAsync(model));
  }

  public CompletableFuture<Void> unloadModelAsync(String model) {
    return call(
            "RepositoryModelUnload",
            model,
            "",
            defaultDeadline,
            stub ->
                stub.repositoryModelUnload(
                    RepositoryModelUnloadRequest.newBuilder().setModelName(model).build()))
        .thenApply(response -> null);
  }

  public void unloadModel(String model) {
    await(unloadModelAsync(model));
  }

  public List<String> endpoints() {
    return channels.endpoints();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    channels.close();
  }

  private <T> CompletableFuture<T> call(
      String name,
      String model,
      String version,
      Duration deadline,
      Function<GRPCInferenceServiceFutureStub, ListenableFuture<T>> invocation) {
    return RetryingCall.start(
        name, model, version, channels, retryPolicy, scheduler, deadline, invocation);
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /**
   * Configures a {@link TritonClient}; only an endpoint is required. Serializable, so that a {@link
   * TritonClientLoader} can carry it to where the client is opened.
   */
  public static final class Builder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> endpoints = new ArrayList<>();
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Duration defaultDeadline = Duration.ofSeconds(10);
    private TlsOptions tls;
    private Duration keepAliveTime = Duration.ofMinutes(1);
    private Duration keepAliveTimeout = Duration.ofSeconds(20);
    private int maxInboundMessageBytes = 64 * 1024 * 1024;

    private Builder() {}

    /**
     * A server as {@code host:port} or a gRPC target such as {@code dns:///triton:8001};
     * repeatable.
     */
    public Builder endpoint(String target) {
      endpoints.add(Objects.requireNonNull(target, "target"));
      return this;
    }

    public Builder endpoints(List<String> targets) {
      targets.forEach(this::endpoint);
      return this;
    }

    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Time budget of a call without its own deadline, retries included (default 10 s). */
    public Builder defaultDeadline(Duration deadline) {
      this.defaultDeadline = Objects.requireNonNull(deadline, "deadline");
      return this;
    }

    /** TLS or mTLS; plaintext when not set. */
    public Builder tls(TlsOptions options) {
      this.tls = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * HTTP/2 pings on busy connections, to notice a dead peer behind a proxy (default 1 min; Triton
     * answers pings more often than its configured minimum with GOAWAY, so keep this generous).
     */
    public Builder keepAlive(Duration time, Duration timeout) {
      this.keepAliveTime = Objects.requireNonNull(time, "time");
      this.keepAliveTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Largest response accepted (default 64 MiB). */
    public Builder maxInboundMessageBytes(int bytes) {
      this.maxInboundMessageBytes = bytes;
      return this;
    }

    public TritonClient build() {
      check();
      return new TritonClient(this);
    }

    /** An independent copy with the same settings. */
    Builder copy() {
      Builder copy = new Builder();
      copy.endpoints.addAll(endpoints);
      copy.retryPolicy = retryPolicy;
      copy.defaultDeadline = defaultDeadline;
      copy.tls = tls;
      copy.keepAliveTime = keepAliveTime;
      copy.keepAliveTimeout = keepAliveTimeout;
      copy.maxInboundMessageBytes = maxInboundMessageBytes;
      return copy;
    }

    /** Argument checks, run before anything is opened. */
    void check() {
      if (endpoints.isEmpty()) {
        throw new IllegalArgumentException(
            "a Triton client needs at least one endpoint (host:port)");
      }
      if (defaultDeadline.isNegative() || defaultDeadline.isZero()) {
        throw new IllegalArgumentException(
            "defaultDeadline must be positive, got " + defaultDeadline);
      }
      if (maxInboundMessageBytes <= 0) {
        throw new IllegalArgumentException(
            "maxInboundMessageBytes must be positive, got " + maxInboundMessageBytes);
      }
    }
  }
}
