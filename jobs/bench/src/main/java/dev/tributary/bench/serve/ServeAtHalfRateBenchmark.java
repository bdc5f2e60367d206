package dev.tributary.bench.serve;

import dev.tributary.core.defs.Feature;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.keys.OnlineKeys;
import dev.tributary.embedded.EmbeddedRedis;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.online.OnlineStoreWriter;
import dev.tributary.flink.online.OnlineUpdate;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.serve.protocol.OnlineServingGrpc;
import dev.tributary.serve.server.TributaryServer;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.server.LocalTritonServer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

/**
 * {@code tributary serve} at half its maximum rate, against a raw pipelined Jedis {@code GET} of
 * the same entity values, in one run on one machine: for 1 entity x 3 views and 100 entities x 3
 * views, each path's maximum requests/s (closed loop), then its latency at half that rate (open
 * loop: each request has a scheduled start, and its latency counts from then, so a stalled server
 * is not hidden by clients that stop sending); then {@code /v1/predict} for one entity at half its
 * maximum rate against its parts at the same rate (the raw Jedis read and a bare {@code ModelInfer}
 * of one row to the same local server).
 *
 * <p>{@code [--seconds 8] [--threads 8]}; prints markdown tables for docs/benchmarks.md.
 */
public final class ServeAtHalfRateBenchmark {
  static final int AIRPORTS = 1_000;

  private ServeAtHalfRateBenchmark() {}

  /** One request of a path; {@code thread} picks the caller's own client. */
  interface Call {
    void run(int thread, Random random) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int seconds = 8;
    int threads = 8;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        default ->
            throw new IllegalArgumentException(
                "unknown option " + args[i] + "; usage: [--seconds S] [--threads N]");
      }
    }
    FeatureRepository repository = FlightsSample.definitions();
    List<FeatureView> views =
        List.of(
            repository.view("origin_delays").orElseThrow(),
            repository.view("dest_delays").orElseThrow(),
            repository.view("route_delays").orElseThrow());
    try (EmbeddedRedis redis = EmbeddedRedis.start()) {
      RedisOptions options = RedisOptions.builder(redis.host(), redis.port()).build();
      write(options, views);
      try (LocalTritonServer triton =
              LocalTritonServer.start(FlightsSample.repositoryRoot().resolve("triton-models"), 0);
          TritonClient client =
              TritonClient.builder().endpoint("127.0.0.1:" + triton.port()).build();
          TributaryServer server =
              TributaryServer.builder(repository, options)
                  .triton(client)
                  .listen("127.0.0.1", 0, 0)
                  .start();
          RedisClient jedis = RedisClient.create(redis.host(), redis.port())) {
        HttpClient[] http = new HttpClient[threads];
        for (int i = 0; i < threads; i++) {
          http[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        }
        ManagedChannel channel =
            ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
        var grpc = OnlineServingGrpc.newBlockingStub(channel);
        Bench bench = new Bench(seconds, threads);
        System.out.println(
            "| path | shape | max req/s | at req/s | p50 ms | p99 ms | p99.9 ms | errors |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int entities : new int[] {1, 100}) {
          String shape = entities + " x 3";
          bench.halfRate("raw Jedis pipelined GET", shape, (t, r) -> rawGets(jedis, entities, r));
          bench.halfRate(
              "gRPC GetOnlineFeatures",
              shape,
              (t, r) -> grpc.getOnlineFeatures(ServeCalls.grpcRequest(entities, r)));
          bench.halfRate(
              "HTTP POST /v1/features",
              shape,
              (t, r) ->
                  ServeCalls.send(
                      http[t],
                      server.httpPort(),
                      "/v1/features",
                      "{\"model\":\"flight_delay\",\"entities\":"
                          + ServeCalls.entities(entities, r)
                          + "}"));
        }
        double predictRate =
            bench.halfRate(
                "HTTP POST /v1/predict",
                "1",
                (t, r) ->
                    ServeCalls.send(
                        http[t],
                        server.httpPort(),
                        "/v1/predict",
                        "{\"scoring\":\"flight_delay_live\",\"entities\":"
                            + ServeCalls.entities(1, r)
                            + "}"));
        bench.atRate(
            "  part: raw Jedis GET of its 3 keys",
            "1 x 3",
            predictRate,
            (t, r) -> rawGets(jedis, 1, r));
        bench.atRate(
            "  part: bare ModelInfer, 1 row", "1", predictRate, (t, r) -> ServeCalls.infer(client));
        channel.shutdownNow();
      }
    }
  }

  /**
   * Values for AIRPORTS origins, destinations and routes, written by the materialize job's writer.
   */
  private static void write(RedisOptions options, List<FeatureView> views) throws Exception {
    Random random = new Random(1);
    long now = System.currentTimeMillis();
    List<OnlineUpdate> updates = new ArrayList<>();
    for (int i = 0; i < AIRPORTS; i++) {
      String a = "B" + i;
      String b = "B" + (i + 1) % AIRPORTS;
      updates.add(
          OnlineUpdate.of(views.get(0), List.of(a), now, values(views.get(0), random), null));
      updates.add(
          OnlineUpdate.of(views.get(1), List.of(a), now, values(views.get(1), random), null));
      updates.add(
          OnlineUpdate.of(views.get(2), List.of(a, b), now, values(views.get(2), random), null));
    }
    try (OnlineStoreWriter writer = OnlineStoreWriter.open(options, views)) {
      writer.write(updates);
    }
  }

  private static Object[] values(FeatureView view, Random random) {
    Object[] values = new Object[view.features().size()];
    for (int i = 0; i < values.length; i++) {
      Feature feature = view.features().get(i);
      Object one =
          switch (feature.resultType()) {
            case LONG, TIMESTAMP -> (long) random.nextInt(500);
            case DOUBLE -> random.nextGaussian();
            case BOOLEAN -> random.nextBoolean();
            case STRING -> "x";
          };
      values[i] = feature.aggregation().producesList() ? List.of(one, one) : one;
    }
    return values;
  }

  /** The raw read a request needs: one GET of each (view, row)'s entity value, no decoding. */
  private static void rawGets(RedisClient jedis, int entities, Random random) {
    List<Response<byte[]>> replies = new ArrayList<>(entities * 3);
    try (AbstractPipeline pipeline = jedis.pipelined()) {
      for (int e = 0; e < entities; e++) {
        int a = random.nextInt(AIRPORTS);
        String origin = "B" + a;
        String destination = "B" + (a + 1) % AIRPORTS;
        replies.add(pipeline.get(OnlineKeys.keyBytes(List.of(origin))));
        replies.add(pipeline.get(OnlineKeys.keyBytes(List.of(destination))));
        replies.add(pipeline.get(OnlineKeys.keyBytes(List.of(origin, destination))));
      }
      pipeline.sync();
    }
    if (replies.get(0).get() == null) {
      throw new IllegalStateException("benchmark keys missing");
    }
  }

  /** Closed-loop maximum, then open-loop latency at a rate, for one path. */
  private static final class Bench {
    private final int seconds;
    private final int threads;

    Bench(int seconds, int threads) {
      this.seconds = seconds;
      this.threads = threads;
    }

    /** Measures the path's maximum, then its latency at half of it; returns that half rate. */
    double halfRate(String path, String shape, Call call) throws Exception {
      double max = closedLoop(call);
      double half = max / 2;
      Histogram latency = openLoop(call, half);
      print(path, shape, String.format(Locale.ROOT, "%,.0f", max), half, latency);
      return half;
    }

    /** Latency of the path at a given rate (a part of /v1/predict at predict's half rate). */
    void atRate(String path, String shape, double rate, Call call) throws Exception {
      print(path, shape, "", rate, openLoop(call, rate));
    }

    private void print(String path, String shape, String max, double rate, Histogram latency) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %,.0f | %.3f | %.3f | %.3f | %d |%n",
          path,
          shape,
          max,
          rate,
          latency.getValueAtPercentile(50) / 1e6,
          latency.getValueAtPercentile(99) / 1e6,
          latency.getValueAtPercentile(99.9) / 1e6,
          errors.getAndSet(0));
    }

    private final AtomicLong errors = new AtomicLong();

    /** Requests/s of {@code threads} callers sending back to back (after a warm-up third). */
    private double closedLoop(Call call) throws Exception {
      AtomicLong done = new AtomicLong();
      AtomicBoolean counting = new AtomicBoolean();
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Thread worker =
            new Thread(
                () -> {
                  Random random = new Random(thread);
                  while (!stop.get()) {
                    try {
                      call.run(thread, random);
                      if (counting.get()) {
                        done.incrementAndGet();
                      }
                    } catch (Exception failed) {
                      errors.incrementAndGet();
                    }
                  }
                });
        worker.start();
        workers.add(worker);
      }
      Thread.sleep(seconds * 1000L / 3);
      counting.set(true);
      long start = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      counting.set(false);
      double elapsed = (System.nanoTime() - start) / 1e9;
      stop.set(true);
      for (Thread worker : workers) {
        worker.join();
      }
      return done.get() / elapsed;
    }

    /**
     * Latencies at {@code rate}: request i is due at start + i / rate and its latency counts from
     * then (HdrHistogram, ns), whichever of the callers takes it.
     */
    private Histogram openLoop(Call call, double rate) throws Exception {
      long periodNanos = Math.max(1, (long) (1e9 / rate));
      long count = (long) (rate * seconds);
      AtomicLong next = new AtomicLong();
      Histogram[] histograms = new Histogram[threads];
      List<Thread> workers = new ArrayList<>();
      long start = System.nanoTime() + 100_000_000L;
      for (int t = 0; t < threads; t++) {
        int thread = t;
        histograms[t] = new Histogram(60_000_000_000L, 3);
        Thread worker =
            new Thread(
                () -> {
                  Random random = new Random(100 + thread);
                  for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long due = start + i * periodNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                      LockSupport.parkNanos(wait);
                    }
                    try {
                      call.run(thread, random);
                    } catch (Exception failed) {
                      errors.incrementAndGet();
                    }
                    histograms[thread].recordValue(Math.max(0, System.nanoTime() - due));
                  }
                });
        worker.start();
        workers.add(worker);
      }
      Histogram all = new Histogram(60_000_000_000L, 3);
      for (int t = 0; t < threads; t++) {
        workers.get(t).join();
        all.add(histograms[t]);
      }
      return all;
    }
  }
}
