package dev.tributary.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A free TCP port of one address, found by binding port 0 and releasing it. Another process can
 * take it before the caller binds, so callers that can retry (Redis) do, and the others (a Flink
 * JobManager) fail with "Address already in use" naming the port.
 */
final class FreePorts {
  private FreePorts() {}

  static int on(String host) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(host, 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port on " + host, e);
    }
  }

  /**
   * A free port at most {@code max} whose {@code port + offset} is free too: a Redis 6 cluster
   * node's bus listens at its port + 10000, so its port must be at most 55535.
   */
  static int withPartner(String host, int offset, int max) {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = 10_000 + random.nextInt(max - 10_000);
      if (free(host, port) && free(host, port + offset)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "No free port up to " + max + " on " + host + " with port + " + offset + " free too");
  }

  private static boolean free(String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(host, port));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
