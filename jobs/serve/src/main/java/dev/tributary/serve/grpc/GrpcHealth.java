package dev.tributary.serve.grpc;

import dev.tributary.serve.Readiness;
import dev.tributary.serve.protocol.OnlineServingGrpc;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;

/**
 * gRPC's standard health service ({@code grpc.health.v1.Health/Check}), the probe that Kubernetes'
 * {@code grpc} probes, Envoy and grpc-health-probe call, so a deployment needs no HTTP port to
 * check the gRPC one. Service {@code ""} is liveness, {@code SERVING} whenever the server answers
 * (the HTTP {@code /health}); service {@code tributary.serving.v1.OnlineServing} is readiness,
 * {@code SERVING} only while Redis answers {@code PING} (the HTTP {@code /ready}), judged at each
 * call rather than cached so a probe never reports a past state. Any other name is {@code
 * NOT_FOUND}, as the protocol asks. {@code Watch} is not offered (it answers {@code
 * UNIMPLEMENTED}): probes poll {@code Check}.
 */
final class GrpcHealth extends HealthGrpc.HealthImplBase {
  private final Readiness readiness;

  GrpcHealth(Readiness readiness) {
    this.readiness = readiness;
  }

  @Override
  public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
    String service = request.getService();
    ServingStatus status;
    if (service.isEmpty()) {
      status = ServingStatus.SERVING;
    } else if (service.equals(OnlineServingGrpc.SERVICE_NAME)) {
      status = readiness.problem() == null ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    } else {
      response.onError(
          Status.NOT_FOUND
              .withDescription(
                  "no service '"
                      + service
                      + "' here: ask for '' (liveness) or '"
                      + OnlineServingGrpc.SERVICE_NAME
                      + "' (readiness)")
              .asRuntimeException());
      return;
    }
    response.onNext(HealthCheckResponse.newBuilder().setStatus(status).build());
    response.onCompleted();
  }
}
