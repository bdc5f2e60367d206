package dev.tributary.triton.client;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One channel per endpoint, handed out in turn. HTTP/2 multiplexes every call over one long-lived
 * connection, so a Kubernetes Service (a layer-4 balancer) pins a client to a single Triton pod;
 * spreading calls over several endpoints on the client side restores balance. Each channel also
 * uses the round_robin policy, so a {@code dns:///} target that resolves to several pods (a
 * headless Service) is balanced across them as well.
 */
final class ChannelPool implements AutoCloseable {

  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<String> endpoints;
  private final AtomicInteger next = new AtomicInteger();

  ChannelPool(
      List<String> endpoints,
      TlsOptions tls,
      Duration keepAliveTime,
      Duration keepAliveTimeout,
      int maxInboundMessageBytes) {
    this.endpoints = List.copyOf(endpoints);
    ChannelCredentials credentials =
        tls == null ? InsecureChannelCredentials.create() : tls.credentials();
    for (String endpoint : endpoints) {
      ManagedChannelBuilder<?> builder =
          Grpc.newChannelBuilder(endpoint, credentials)
              .defaultLoadBalancingPolicy("round_robin")
              .maxInboundMessageSize(maxInboundMessageBytes)
              .keepAliveTime(keepAliveTime.toNanos(), TimeUnit.NANOSECONDS)
              .keepAliveTimeout(keepAliveTimeout.toNanos(), TimeUnit.NANOSECONDS)
              .userAgent("tributary-triton-client");
      if (tls != null) {
        tls.authorityOverride().ifPresent(builder::overrideAuthority);
      }
      channels.add(builder.build());
    }
  }

  /** The next channel in round-robin order. */
  ManagedChannel next() {
    return channels.get(Math.floorMod(next.getAndIncrement(), channels.size()));
  }

  List<String> endpoints() {
    return endpoints;
  }

  @Override
  public void close() {
    channels.forEach(ManagedChannel::shutdown);
    for (ManagedChannel channel : channels) {
      try {
        if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
          channel.shutdownNow();
        }
      } catch (InterruptedException e) {
        channel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
