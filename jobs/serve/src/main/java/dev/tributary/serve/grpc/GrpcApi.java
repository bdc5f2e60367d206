package dev.tributary.serve.grpc;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.serve.BadRequestException;
import dev.tributary.serve.Readiness;
import dev.tributary.serve.RequestThreads;
import dev.tributary.serve.ServeException;
import dev.tributary.serve.ServeLimits;
import dev.tributary.serve.ServeMetrics;
import dev.tributary.serve.ServeMetrics.Outcome;
import dev.tributary.serve.features.FeatureAnswer;
import dev.tributary.serve.features.FeatureRequest;
import dev.tributary.serve.features.FeatureService;
import dev.tributary.serve.features.ValueStatus;
import dev.tributary.serve.predict.PredictAnswer;
import dev.tributary.serve.predict.PredictionService;
import dev.tributary.serve.predict.ServedPrediction;
import dev.tributary.serve.protocol.FeatureRow;
import dev.tributary.serve.protocol.FeaturesRequest;
import dev.tributary.serve.protocol.FeaturesResponse;
import dev.tributary.serve.protocol.OnlineServingGrpc;
import dev.tributary.serve.protocol.PredictRequest;
import dev.tributary.serve.protocol.PredictResponse;
import dev.tributary.serve.protocol.Prediction;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC face of {@code tributary serve}: service {@code tributary.serving.v1.OnlineServing} of
 * serving.proto, answering exactly what the HTTP routes answer (same services underneath), beside
 * gRPC's standard health service ({@link GrpcHealth}). A bad request is {@code INVALID_ARGUMENT}
 * naming the field, a service that is down {@code UNAVAILABLE}.
 */
public final class GrpcApi extends OnlineServingGrpc.OnlineServingImplBase
    implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcApi.class);

  private final FeatureRepository repository;
  private final FeatureService features;
  private final PredictionService predictionsOrNull;
  private final ServeMetrics metrics;
  private final ServeLimits limits;
  private final InstantSource clock;
  private final ExecutorService executor = RequestThreads.pool("serve-grpc");
  private final Server server;

  /**
   * Starts listening.
   *
   * @param clock the request time: the moment a request arrives
   * @param port 0 for any free port
   */
  public GrpcApi(
      FeatureRepository repository,
      FeatureService features,
      PredictionService predictionsOrNull,
      Readiness readiness,
      ServeMetrics metrics,
      ServeLimits limits,
      InstantSource clock,
      String host,
      int port)
      throws IOException {
    this.repository = repository;
    this.features = features;
    this.predictionsOrNull = predictionsOrNull;
    this.metrics = metrics;
    this.limits = limits;
    this.clock = clock;
    this.server =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
            .maxInboundMessageSize(limits.maxBodyBytes())
            .executor(executor)
            .addService(this)
            .addService(new GrpcHealth(readiness))
            .build()
            .start();
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException stopping) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
  }

  @Override
  public void getOnlineFeatures(
      FeaturesRequest request, StreamObserver<FeaturesResponse> response) {
    answer(
        "GetOnlineFeatures",
        response,
        () -> {
          long requestTime = clock.millis();
          var query =
              new FeatureRequest(
                      request.getFeaturesList(),
                      request.getModel(),
                      ProtoValues.entities(request.getEntitiesMap(), limits))
                  .resolve(repository);
          return features(features.answer(query, requestTime));
        });
  }

  @Override
  public void predict(PredictRequest request, StreamObserver<PredictResponse> response) {
    answer(
        "Predict",
        response,
        () -> {
          if (predictionsOrNull == null) {
            throw new ServeException(
                "this server has no inference server: start it with --triton HOST:PORT", null);
          }
          if (request.getScoring().isEmpty()) {
            throw new BadRequestException("scoring is missing: name a scoring of scoring.yaml");
          }
          long now = clock.millis();
          return predictions(
              predictionsOrNull.predict(
                  request.getScoring(),
                  ProtoValues.entities(request.getEntitiesMap(), limits),
                  now));
        });
  }

  /** The wire's status of each {@link ValueStatus}, by ordinal: no name lookup per value. */
  private static final dev.tributary.serve.protocol.ValueStatus[] PROTO_STATUSES =
      Arrays.stream(ValueStatus.values())
          .map(status -> dev.tributary.serve.protocol.ValueStatus.valueOf(status.name()))
          .toArray(dev.tributary.serve.protocol.ValueStatus[]::new);

  static FeaturesResponse features(FeatureAnswer answer) {
    FeaturesResponse.Builder out =
        FeaturesResponse.newBuilder().setRequestTime(answer.requestTime());
    answer.features().stream().map(FeatureRef::qualifiedName).forEach(out::addFeatures);
    answer.views().stream().map(FeatureView::name).forEach(out::addViews);
    for (FeatureAnswer.Row row : answer.rows()) {
      FeatureRow.Builder proto = FeatureRow.newBuilder();
      row.values().forEach(value -> proto.addValues(ProtoValues.of(value)));
      for (ValueStatus status : row.statuses()) {
        proto.addStatuses(PROTO_STATUSES[status.ordinal()]);
      }
      row.asOf().forEach(asOf -> proto.addAsOf(ProtoValues.of(asOf)));
      out.addRows(proto);
    }
    return out.build();
  }

  static PredictResponse predictions(PredictAnswer answer) {
    PredictResponse.Builder out =
        PredictResponse.newBuilder()
            .setScoring(answer.scoring())
            .setModel(answer.model())
            .addAllFeatures(answer.features());
    for (PredictAnswer.Row row : answer.rows()) {
      Prediction.Builder proto = Prediction.newBuilder();
      ServedPrediction p = row.predictionOrNull();
      if (p == null) {
        proto.setRejected(row.rejectedOrNull());
      } else {
        proto
            .setRequestId(p.requestId())
            .setRequestTime(p.requestTime())
            .setScore(p.score())
            .setVersion(p.version())
            .setSplitId(p.splitId())
            .setRoutingKey(p.routingKey());
        for (double score : p.scores()) {
          proto.addScores(score);
        }
        p.featureValues().forEach(value -> proto.addFeatureValues(ProtoValues.of(value)));
        p.featureAsOf().forEach(asOf -> proto.addFeatureAsOf(ProtoValues.of(asOf)));
        for (double input : p.inputs()) {
          proto.addInputs(input);
        }
      }
      out.addPredictions(proto);
    }
    return out.build();
  }

  interface Call<T> {
    T run() throws IOException, InterruptedException;
  }

  private <T> void answer(String route, StreamObserver<T> response, Call<T> call) {
    long start = System.nanoTime();
    Outcome outcome = Outcome.OK;
    try {
      T answer = call.run();
      response.onNext(answer);
      response.onCompleted();
    } catch (BadRequestException bad) {
      outcome = Outcome.BAD_REQUEST;
      response.onError(
          Status.INVALID_ARGUMENT.withDescription(bad.getMessage()).asRuntimeException());
    } catch (ServeException | IOException unavailable) {
      outcome = Outcome.UNAVAILABLE;
      response.onError(
          Status.UNAVAILABLE.withDescription(unavailable.getMessage()).asRuntimeException());
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
      outcome = Outcome.UNAVAILABLE;
      response.onError(
          Status.UNAVAILABLE.withDescription("the server is stopping").asRuntimeException());
    } catch (RuntimeException bug) {
      outcome = Outcome.ERROR;
      LOG.error("{} failed", route, bug);
      response.onError(
          Status.INTERNAL.withDescription("internal error: " + bug).asRuntimeException());
    } finally {
      metrics.record(route, "grpc", outcome, System.nanoTime() - start);
    }
  }
}
