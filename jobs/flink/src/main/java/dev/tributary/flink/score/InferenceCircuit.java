package dev.tributary.flink.score;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;

/**
 * The circuit breaker (resilience4j) in front of a Triton endpoint set: after most of the recent
 * calls failed because the server was unreachable or overloaded, calls fail at once for a while
 * instead of each waiting out its retries, then a few trial calls decide whether to close it. Only
 * transient failures count: an INVALID_ARGUMENT is an answer about the request, not about the
 * server.
 */
final class InferenceCircuit {
  private InferenceCircuit() {}

  static CircuitBreaker forEndpoints(List<String> endpoints) {
    CircuitBreakerConfig config =
        CircuitBreakerConfig.custom()
            .slidingWindowSize(20)
            .minimumNumberOfCalls(5)
            .failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofMillis(500))
            .permittedNumberOfCallsInHalfOpenState(2)
            .recordException(
                failure ->
                    failure instanceof dev.tributary.triton.client.TritonException triton
                        && isTransient(triton.code()))
            .build();
    return CircuitBreaker.of("triton " + String.join(",", endpoints), config);
  }

  /** Failures that say nothing about the request, only that the server could not take it now. */
  static boolean isTransient(Status.Code code) {
    return code == Status.Code.UNAVAILABLE
        || code == Status.Code.RESOURCE_EXHAUSTED
        || code == Status.Code.DEADLINE_EXCEEDED;
  }
}
