package dev.tributary.serve.server;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.flink.online.OnlineStoreReader;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.serve.Readiness;
import dev.tributary.serve.ServeLimits;
import dev.tributary.serve.ServeMetrics;
import dev.tributary.serve.features.FeatureService;
import dev.tributary.serve.grpc.GrpcApi;
import dev.tributary.serve.http.HttpApi;
import dev.tributary.serve.predict.PredictionLog;
import dev.tributary.serve.predict.PredictionService;
import dev.tributary.serve.predict.SplitSource;
import dev.tributary.triton.client.TritonClient;
import java.io.IOException;
import java.time.InstantSource;

/**
 * {@code tributary serve}: one process answering feature and prediction requests over HTTP/JSON
 * ({@link HttpApi}) and gRPC ({@link GrpcApi}), both over the same services:
 *
 * <pre>
 *   HttpApi ─┐                       ┌─ FeatureService ── OnlineStoreReader ── Redis
 *            ├─ FeatureRequest ──────┤
 *   GrpcApi ─┘  (resolve, keys)      └─ PredictionService ── TrafficSplit, ModelInputs
 *                                                         ── TritonClient ── Triton
 *                                                         ── PredictionLog
 * </pre>
 */
public final class TributaryServer implements AutoCloseable {
  private final OnlineStoreReader reader;
  private final Readiness readiness;
  private final PredictionLog log;
  private final HttpApi http;
  private final GrpcApi grpc;

  private TributaryServer(Builder builder) throws IOException, InterruptedException {
    reader = OnlineStoreReader.open(builder.redis);
    readiness = new Readiness(builder.redis);
    log = builder.log;
    ServeMetrics metrics = new ServeMetrics();
    FeatureService features = new FeatureService(reader);
    PredictionService predictions =
        builder.triton == null
            ? null
            : new PredictionService(
                builder.repository, features, builder.triton, builder.splits, log);
    if (predictions != null) {
      predictions.warmUp();
    }
    http =
        new HttpApi(
            builder.repository,
            features,
            predictions,
            readiness,
            metrics,
            builder.limits,
            builder.clock,
            builder.host,
            builder.httpPort);
    grpc =
        builder.grpcPort < 0
            ? null
            : new GrpcApi(
                builder.repository,
                features,
                predictions,
                readiness,
                metrics,
                builder.limits,
                builder.clock,
                builder.host,
                builder.grpcPort);
  }

  public static Builder builder(FeatureRepository repository, RedisOptions redis) {
    return new Builder(repository, redis);
  }

  public int httpPort() {
    return http.port();
  }

  /** The gRPC port; -1 when gRPC is off. */
  public int grpcPort() {
    return grpc == null ? -1 : grpc.port();
  }

  @Override
  public void close() {
    http.close();
    if (grpc != null) {
      grpc.close();
    }
    log.close();
    readiness.close();
    reader.close();
  }

  /** What the server connects to and where it listens. */
  public static final class Builder {
    private final FeatureRepository repository;
    private final RedisOptions redis;
    private TritonClient triton;
    private SplitSource splits = SplitSource.DEFINED;
    private PredictionLog log = PredictionLog.NONE;
    private ServeLimits limits = ServeLimits.DEFAULT;
    private InstantSource clock = InstantSource.system();
    private String host = "0.0.0.0";
    private int httpPort = 6566;
    private int grpcPort = 6567;

    private Builder(FeatureRepository repository, RedisOptions redis) {
      this.repository = repository;
      this.redis = redis;
    }

    /** The inference server for /v1/predict; without one, predict answers 503. */
    public Builder triton(TritonClient client) {
      this.triton = client;
      return this;
    }

    public Builder splits(SplitSource source) {
      this.splits = source;
      return this;
    }

    public Builder predictionLog(PredictionLog predictionLog) {
      this.log = predictionLog;
      return this;
    }

    public Builder limits(ServeLimits serveLimits) {
      this.limits = serveLimits;
      return this;
    }

    /**
     * The clock that stamps each request's time, against which TTLs and splits are judged: the
     * system clock, or a fixed instant to serve a replayed or historical store as of then.
     */
    public Builder clock(InstantSource requestClock) {
      this.clock = requestClock;
      return this;
    }

    /**
     * @param httpPort 0 for any free port
     * @param grpcPort 0 for any free port, -1 for no gRPC
     */
    public Builder listen(String address, int httpPort, int grpcPort) {
      this.host = address;
      this.httpPort = httpPort;
      this.grpcPort = grpcPort;
      return this;
    }

    /** Connects to Redis (checking the credentials) and starts listening. */
    public TributaryServer start() throws IOException, InterruptedException {
      return new TributaryServer(this);
    }
  }
}
