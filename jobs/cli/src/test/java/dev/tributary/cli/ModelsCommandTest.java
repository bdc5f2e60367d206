package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.triton.client.InferRequest;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.server.LocalTritonServer;
import dev.tributary.triton.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code tributary models status} against the local Triton-protocol server serving the repository's
 * models: one table row per version with the statistics the server counted.
 */
class ModelsCommandTest {

  @Test
  void statusListsTheFlightDelayVersionsServedByTheLocalServer() throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (LocalTritonServer server =
        LocalTritonServer.start(Checkout.root().resolve("triton-models"), 0)) {
      try (TritonClient client =
          TritonClient.builder().endpoint("127.0.0.1:" + server.port()).build()) {
        for (int rows : new int[] {1, 2, 4}) {
          client.infer(
              InferRequest.builder("flight_delay")
                  .version(2)
                  .input(Tensor.ofFp32s("input", new long[] {rows, 11}, new float[rows * 11]))
                  .build());
        }
      }
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
    List<List<String>> rows =
        status
            .lines()
            .filter(line -> line.startsWith("| flight_delay |"))
            .map(line -> Arrays.stream(line.split("\\|")).map(String::strip).skip(1).toList())
            .toList();
    // | model | version | state | inferences | executions | failures | mean ms |
    assertEquals(2, rows.size(), status);
    assertEquals(List.of("flight_delay", "1", "READY", "0", "0", "0"), rows.get(0).subList(0, 6));
    assertEquals(
        List.of("flight_delay", "2", "READY", "7"),
        rows.get(1).subList(0, 4),
        "7 rows in 3 requests on version 2: " + status);
    assertTrue(Long.parseLong(rows.get(1).get(4)) >= 1, status);
    assertEquals("0", rows.get(1).get(5), status);
    assertTrue(Double.parseDouble(rows.get(1).get(6)) > 0, "mean latency: " + status);
  }
}
