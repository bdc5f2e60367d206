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
}
