package dev.tributary.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.embedded.junit.RedisExtension;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.serve.protocol.OnlineServingGrpc;
import dev.tributary.serve.server.TributaryServer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gRPC port's standard health service against a real Redis that goes away and comes back: the
 * server stays live while it is not ready.
 */
class GrpcHealthTest {
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  @Test
  void livenessAlwaysReadinessFollowsRedisUnknownServiceIsNotFound() throws Exception {
    RedisOptions options =
        RedisOptions.builder(REDIS.host(), REDIS.port())
            .retries(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(300))
            .build();
    try (TributaryServer server =
        TributaryServer.builder(ServingFixture.repository(), options)
            .listen("127.0.0.1", 0, 0)
            .start()) {
      ManagedChannel channel =
          ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
      try {
        var health = HealthGrpc.newBlockingStub(channel);
        assertEquals(ServingStatus.SERVING, status(health, ""));
        assertEquals(ServingStatus.SERVING, status(health, OnlineServingGrpc.SERVICE_NAME));

        REDIS.service().shutDownSaving();
        assertEquals(ServingStatus.SERVING, status(health, ""));
        assertEquals(ServingStatus.NOT_SERVING, status(health, OnlineServingGrpc.SERVICE_NAME));

        REDIS.service().startAgain();
        assertEquals(ServingStatus.SERVING, status(health, OnlineServingGrpc.SERVICE_NAME));

        StatusRuntimeException unknown =
            assertThrows(StatusRuntimeException.class, () -> status(health, "grpc.Other"));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        assertTrue(unknown.getStatus().getDescription().contains("grpc.Other"));
      } finally {
        channel.shutdownNow();
      }
    }
  }

  private static ServingStatus status(HealthGrpc.HealthBlockingStub health, String service) {
    return health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
  }
}
