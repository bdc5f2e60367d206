package dev.tributary.bench.serve;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.keys.OnlineKeys;
import dev.tributary.embedded.junit.RedisExtension;
import dev.tributary.flink.online.OnlineStoreWriter;
import dev.tributary.flink.online.OnlineUpdate;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.serve.ServingFixture;
import dev.tributary.serve.protocol.OnlineServingGrpc;
import dev.tributary.serve.server.TributaryServer;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.server.LocalTritonServer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

/**
 * Requests per second and latency percentiles of {@code tributary serve} against a raw pipelined
 * Jedis {@code GET} of the same entity values, in one run on one machine; prints the table of
 * docs/benchmarks.md. Not part of the normal test run:
 *
 * <pre>
 * mvn -q -B -pl jobs/serve -am test -Dtest=ServeBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtributary.benchmark=true [-Dtributary.benchmark.seconds=10]
 * </pre>
 *
 * Each scenario is a closed loop: {@code threads} clients each send a request, wait for the answer,
 * and send the next, for a warm-up and then the measured seconds; every latency goes into an
 * HdrHistogram. The server, Redis and the clients share the machine's cores, as does the local
 * Triton server for /v1/predict.
 */
@EnabledIfSystemProperty(named = "tributary.benchmark", matches = "true")
class ServeBenchmark {
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private static final int AIRPORTS = ServeAtHalfRateBenchmark.AIRPORTS; // what ServeCalls asks for
  private static final long SECONDS = Long.getLong("tributary.benchmark.seconds", 10);

  interface Call {
    void run(int thread, Random random) throws Exception;
  }

  @Test
  void featuresAndPredictionsAgainstRawJedis() throws Exception {
    FeatureRepository repository = ServingFixture.repository();
    List<FeatureView> views =
        List.of(
            repository.view("origin_delays").orElseThrow(),
            repository.view("dest_delays").orElseThrow(),
            repository.view("route_delays").orElseThrow());
    RedisOptions options = RedisOptions.builder(REDIS.host(), REDIS.port()).build();
    Random random = new Random(1);
    List<OnlineUpdate> updates = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (int i = 0; i < AIRPORTS; i++) {
      updates.add(
          OnlineUpdate.of(
              views.get(0),
              List.of("B" + i),
              now,
              ServingFixture.randomValues(views.get(0), random),
              null));
      updates.add(
          OnlineUpdate.of(
              views.get(1),
              List.of("B" + i),
              now,
              ServingFixture.randomValues(views.get(1), random),
              null));
      updates.add(
          OnlineUpdate.of(
              views.get(2),
              List.of("B" + i, "B" + (i + 1) % AIRPORTS),
              now,
              ServingFixture.randomValues(views.get(2), random),
              null));
    }
    try (OnlineStoreWriter writer = OnlineStoreWriter.open(options, views)) {
      writer.write(updates);
    }
    try (LocalTritonServer triton =
            LocalTritonServer.start(ServingFixture.root().resolve("triton-models"), 0);
        TritonClient client =
            TritonClient.builder().endpoint("127.0.0.1:" + triton.port()).build();
        TributaryServer server =
            TributaryServer.builder(repository, options)
                .triton(client)
                .listen("127.0.0.1", 0, 0)
                .start();
        RedisClient jedis = RedisClient.create(REDIS.host(), REDIS.port())) {
      HttpClient[] http = new HttpClient[16];
      for (int i = 0; i < http.length; i++) {
        http[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      }
      ManagedChannel channel =
          ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
      var grpc = OnlineServingGrpc.newBlockingStub(channel);
      System.out.printf(
          "%-44s %7s %9s %9s %9s %9s%n",
          "scenario", "threads", "req/s", "p50 ms", "p99 ms", "p99.9 ms");
      for (int entities : new int[] {1, 100}) {
        for (int threads : new int[] {1, 4, 16}) {
          run(
              "raw Jedis pipelined GET, " + entities + " x 3 views",
              threads,
              (t, r) -> rawJedis(jedis, entities, r));
          run(
              "HTTP POST /v1/features, " + entities + " x 3 views",
              threads,
              (t, r) -> features(http[t], server.httpPort(), entities, r));
          run(
              "gRPC GetOnlineFeatures, " + entities + " x 3 views",
              threads,
              (t, r) -> grpc.getOnlineFeatures(ServeCalls.grpcRequest(entities, r)));
        }
      }
      for (int threads : new int[] {1, 4}) {
        run(
            "HTTP POST /v1/predict, 1 entity",
            threads,
            (t, r) -> predict(http[t], server.httpPort(), r));
        run("  parts: raw Jedis read of its 3 hashes", threads, (t, r) -> rawJedis(jedis, 1, r));
        run("  parts: bare Triton ModelInfer, 1 row", threads, (t, r) -> ServeCalls.infer(client));
      }
      channel.shutdownNow();
    }
  }

  private static void run(String name, int threads, Call call) throws Exception {
    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean stop = new AtomicBoolean(false);
    Histogram[] histograms = new Histogram[threads];
    long[] counts = new long[threads];
    Thread[] workers = new Thread[threads];
    Exception[] failure = new Exception[1];
    for (int t = 0; t < threads; t++) {
      int thread = t;
      histograms[t] = new Histogram(60_000_000_000L, 3);
      workers[t] =
          new Thread(
              () -> {
                Random random = new Random(thread);
                try {
                  while (!stop.get()) {
                    long start = System.nanoTime();
                    call.run(thread, random);
                    if (measuring.get()) {
                      histograms[thread].recordValue(System.nanoTime() - start);
                      counts[thread]++;
                    }
                  }
                } catch (Exception e) {
                  failure[0] = e;
                  stop.set(true);
                }
              });
      workers[t].start();
    }
    Thread.sleep(Math.max(2, SECONDS / 3) * 1000);
    measuring.set(true);
    long start = System.nanoTime();
    Thread.sleep(SECONDS * 1000);
    measuring.set(false);
    double elapsed = (System.nanoTime() - start) / 1e9;
    stop.set(true);
    for (Thread worker : workers) {
      worker.join();
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    Histogram all = new Histogram(60_000_000_000L, 3);
    long total = 0;
    for (int t = 0; t < threads; t++) {
      all.add(histograms[t]);
      total += counts[t];
    }
    System.out.printf(
        "%-44s %7d %9.0f %9.3f %9.3f %9.3f%n",
        name,
        threads,
        total / elapsed,
        all.getValueAtPercentile(50) / 1e6,
        all.getValueAtPercentile(99) / 1e6,
        all.getValueAtPercentile(99.9) / 1e6);
  }

  private static void rawJedis(RedisClient jedis, int entities, Random random) {
    List<Response<byte[]>> replies = new ArrayList<>(entities * 3);
    try (AbstractPipeline pipeline = jedis.pipelined()) {
      for (int e = 0; e < entities; e++) {
        int a = random.nextInt(AIRPORTS);
        pipeline.get(OnlineKeys.keyBytes(List.of("B" + a)));
        pipeline.get(OnlineKeys.keyBytes(List.of("B" + (a + 1) % AIRPORTS)));
        replies.add(pipeline.get(OnlineKeys.keyBytes(List.of("B" + a, "B" + (a + 1) % AIRPORTS))));
      }
      pipeline.sync();
    }
    if (replies.get(0).get() == null) {
      throw new IllegalStateException("benchmark keys missing");
    }
  }

  private static void features(HttpClient http, int port, int entities, Random random)
      throws Exception {
    ServeCalls.send(
        http,
        port,
        "/v1/features",
        "{\"model\":\"flight_delay\",\"entities\":" + ServeCalls.entities(entities, random) + "}");
  }

  private static void predict(HttpClient http, int port, Random random) throws Exception {
    ServeCalls.send(
        http,
        port,
        "/v1/predict",
        "{\"scoring\":\"flight_delay_live\",\"entities\":" + ServeCalls.entities(1, random) + "}");
  }
}
