package dev.tributary.embedded;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The demo's stack comes up whole and goes down whole. */
class EmbeddedStackTest {

  @Test
  void everyServiceListensWhileRunningAndNoneAfterClose() throws Exception {
    EmbeddedStack stack = EmbeddedStack.start(null, 1);
    int kafkaPort = Integer.parseInt(stack.kafka().bootstrapServers().replaceAll(".*:", ""));
    int redisPort = stack.redis().port();
    URI flinkRest = stack.flink().restAddress();
    try {
      assertTrue(accepts(kafkaPort), stack.toString());
      assertTrue(accepts(redisPort), stack.toString());
      assertTrue(accepts(flinkRest.getPort()), stack.toString());
      assertTrue(stack.iceberg().folder().toFile().isDirectory());
    } finally {
      stack.close();
    }
    assertFalse(accepts(kafkaPort));
    assertFalse(accepts(redisPort));
    assertFalse(accepts(flinkRest.getPort()));
    assertFalse(stack.iceberg().folder().toFile().exists());
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("localhost", port), 500);
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
