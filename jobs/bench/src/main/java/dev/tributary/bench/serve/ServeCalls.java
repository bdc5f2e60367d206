package dev.tributary.bench.serve;

import dev.tributary.serve.protocol.FeaturesRequest;
import dev.tributary.serve.protocol.Value;
import dev.tributary.serve.protocol.ValueList;
import dev.tributary.triton.client.InferRequest;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.tensor.Tensor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import redis.clients.jedis.RedisClient;

/**
 * The calls a serving benchmark makes: random entity rows over the benchmark's airports {@code
 * B0..B999} (a route goes to the next airport), as JSON columns or a gRPC request, an HTTP POST
 * that must answer 200, the raw Jedis {@code MGET} of the same keys, and a bare one-row {@code
 * ModelInfer}.
 */
final class ServeCalls {
  private static final int AIRPORTS = ServeStore.AIRPORTS;

  private ServeCalls() {}

  static String entities(int entities, Random random) {
    StringBuilder origins = new StringBuilder();
    StringBuilder destinations = new StringBuilder();
    for (int e = 0; e < entities; e++) {
      int a = random.nextInt(AIRPORTS);
      origins.append(e == 0 ? "" : ",").append("\"B").append(a).append('"');
      destinations.append(e == 0 ? "" : ",").append("\"B").append((a + 1) % AIRPORTS).append('"');
    }
    return "{\"origin\":[" + origins + "],\"destination\":[" + destinations + "]}";
  }

  /** Null when a completed call succeeded, else why it failed. */
  static Throwable failureOf(Future<?> completed) {
    try {
      completed.get();
      return null;
    } catch (ExecutionException failed) {
      return failed.getCause();
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
      return stopped;
    }
  }

  static FeaturesRequest grpcRequest(int entities, Random random) {
    ValueList.Builder origins = ValueList.newBuilder();
    ValueList.Builder destinations = ValueList.newBuilder();
    for (int e = 0; e < entities; e++) {
      int a = random.nextInt(AIRPORTS);
      origins.addValues(Value.newBuilder().setStringValue("B" + a));
      destinations.addValues(Value.newBuilder().setStringValue("B" + (a + 1) % AIRPORTS));
    }
    return FeaturesRequest.newBuilder()
        .setModel("flight_delay")
        .putEntities("origin", origins.build())
        .putEntities("destination", destinations.build())
        .build();
  }

  static void send(HttpClient http, int port, String path, String body) throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + ": " + new String(response.body()));
    }
  }

  /** The raw read a request needs: one MGET of each (view, row)'s entity value, no decoding. */
  static void rawMget(RedisClient jedis, int entities, Random random) {
    List<byte[]> keys = new ArrayList<>(entities * 3);
    for (int e = 0; e < entities; e++) {
      keys.addAll(ServeStore.keysOfRow(random.nextInt(AIRPORTS)));
    }
    if (jedis.mget(keys.toArray(new byte[0][])).get(0) == null) {
      throw new IllegalStateException("benchmark keys missing");
    }
  }

  static void infer(TritonClient client) {
    float[] row = new float[11];
    Arrays.fill(row, 1.5f);
    client.infer(
        InferRequest.builder("flight_delay")
            .version(1)
            .input(Tensor.ofFp32s("input", new long[] {1, 11}, row))
            .output("output")
            .build());
  }
}
