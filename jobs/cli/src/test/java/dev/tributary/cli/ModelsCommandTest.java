package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.triton.server.LocalTritonServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code tributary models status} against the local Triton-protocol server serving the repository's
 * models.
 */
class ModelsCommandTest {

  @Test
  void statusListsTheFlightDelayVersionsServedByTheLocalServer() throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (LocalTritonServer server =
        LocalTritonServer.start(Checkout.root().resolve("triton-models"), 0)) {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      int exit =
          Tributary.run(
              new PrintWriter(new StringWriter()),
              new PrintWriter(new StringWriter()),
              "models",
              "status",
              "--endpoint",
              "127.0.0.1:" + server.port(),
              "--model",
              "flight_delay");
      assertEquals(0, exit);
    } finally {
      System.setOut(stdout);
    }
    String status = captured.toString(StandardCharsets.UTF_8);
    assertTrue(status.contains("flight_delay"), status);
  }
}
