package dev.tributary.bench.serve;

import dev.tributary.serve.protocol.OnlineServingGrpc;
import dev.tributary.triton.client.TritonClient;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import redis.clients.jedis.RedisClient;

/**
 * The serving benchmark's clients, in a JVM of their own so that a profile of the server's JVM
 * holds the server's work only ({@link ServeAtHalfRateBenchmark} starts it). Every path is driven
 * the same way, from here: the raw Jedis {@code MGET} peer, gRPC {@code GetOnlineFeatures}, HTTP
 * {@code /v1/features} and {@code /v1/predict}, and predict's parts (the raw read and a bare {@code
 * ModelInfer}).
 *
 * <p>For each path and shape: requests/s of 1, 4 and 16 callers sending back to back (closed loop,
 * a warm-up third, then the measured seconds); the best of them is the maximum; then latency at
 * fractions of the maximum (10%, 25%, 50% by default: the curve, not one point) in an open loop:
 * request <i>i</i> is due at start + <i>i</i> / rate and its latency counts from then, so a stalled
 * server cannot hide behind callers that stop sending (HdrHistogram, ns). The row "harness alone"
 * runs that open loop with no request at gRPC's rates: its latencies are this JVM's own lateness
 * (scheduler, timer, GC), the floor under every other row. The row "gRPC Health/Check" sends gRPC's
 * liveness check to the same server at those rates: answered from memory, it is the server's own
 * floor, what any request costs before its work. The "asynchronous client" rows send the same
 * feature requests from one dispatching thread through the asynchronous stub, so no caller thread
 * waits on the clients' core. Each row carries the 1-minute load average at its end: the machine is
 * shared.
 *
 * <p>{@code --http PORT --grpc PORT --redis HOST:PORT --triton PORT --server-pid PID [--seconds 6]
 * [--fractions 0.1,0.25,0.5] [--only TEXT]} (only the paths whose "path shape" contains TEXT);
 * prints the markdown table of docs/benchmarks.md.
 */
public final class ServeLoadGenerator {
  private static final int[] CALLERS = {1, 4, 16};

  private final int seconds;
  private final ProcessCpu server;
  private final double[] fractions;
  private final String only;
  private final AtomicLong errors = new AtomicLong();

  private ServeLoadGenerator(int seconds, ProcessCpu server, double[] fractions, String only) {
    this.seconds = seconds;
    this.server = server;
    this.fractions = fractions;
    this.only = only;
  }

  /** One request of a path; {@code caller} picks the caller's own client. */
  interface Call {
    void run(int caller, Random random) throws Exception;
  }

  /**
   * One request of a path that answers through a callback: {@code done} gets null or the failure.
   */
  interface AsyncCall {
    void start(Random random, Consumer<Throwable> done);
  }

  public static void main(String[] args) throws Exception {
    int http = 0;
    int grpcPort = 0;
    int tritonPort = 0;
    String redis = null;
    int seconds = 6;
    long serverPid = 0;
    double[] fractions = {0.1, 0.25, 0.5};
    String only = "";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--http" -> http = Integer.parseInt(args[i + 1]);
        case "--grpc" -> grpcPort = Integer.parseInt(args[i + 1]);
        case "--triton" -> tritonPort = Integer.parseInt(args[i + 1]);
        case "--redis" -> redis = args[i + 1];
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--server-pid" -> serverPid = Long.parseLong(args[i + 1]);
        case "--only" -> only = args[i + 1];
        case "--fractions" ->
            fractions =
                Arrays.stream(args[i + 1].split(",")).mapToDouble(Double::parseDouble).toArray();
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; usage: --http PORT --grpc PORT --redis HOST:PORT --triton PORT"
                    + " --server-pid PID [--seconds S] [--fractions 0.1,0.25,0.5]"
                    + " [--only TEXT]");
      }
    }
    int port = http;
    String[] redisAddress = redis.split(":");
    ServeLoadGenerator bench =
        new ServeLoadGenerator(seconds, new ProcessCpu(serverPid), fractions, only);
    int callers = CALLERS[CALLERS.length - 1];
    HttpClient[] clients = new HttpClient[callers];
    for (int i = 0; i < callers; i++) {
      clients[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    var grpc = OnlineServingGrpc.newBlockingStub(channel);
    var health = HealthGrpc.newBlockingStub(channel);
    ManagedChannel direct =
        ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort)
            .usePlaintext()
            .directExecutor()
            .build();
    var grpcAsync = OnlineServingGrpc.newFutureStub(direct);
    try (RedisClient jedis =
            RedisClient.create(redisAddress[0], Integer.parseInt(redisAddress[1]));
        TritonClient triton = TritonClient.builder().endpoint("127.0.0.1:" + tritonPort).build()) {
      System.out.println(
          "| path | shape | req/s, 1 / 4 / 16 callers | max req/s | server CPU µs/req | of max"
              + " | at req/s | p50 ms | p99 ms | p99.9 ms | errors | load |");
      System.out.println(
          "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
      for (int entities : new int[] {1, 100}) {
        String shape = entities + " x 3";
        bench.curve("raw Jedis MGET", shape, (c, r) -> ServeCalls.rawMget(jedis, entities, r));
        double grpcMax =
            bench.curve(
                "gRPC GetOnlineFeatures",
                shape,
                (c, r) -> grpc.getOnlineFeatures(ServeCalls.grpcRequest(entities, r)));
        if (entities == 1) {
          bench.atFractions("harness alone: no request", "", grpcMax, (c, r) -> {});
          bench.atFractions(
              "gRPC Health/Check, the server's floor: no Redis",
              "",
              grpcMax,
              (c, r) -> health.check(HealthCheckRequest.getDefaultInstance()));
        }
        bench.asyncAtFractions(
            "gRPC GetOnlineFeatures, asynchronous client",
            shape,
            grpcMax,
            (r, done) -> {
              var answer = grpcAsync.getOnlineFeatures(ServeCalls.grpcRequest(entities, r));
              answer.addListener(() -> done.accept(ServeCalls.failureOf(answer)), Runnable::run);
            });
        bench.curve(
            "HTTP POST /v1/features",
            shape,
            (c, r) ->
                ServeCalls.send(
                    clients[c],
                    port,
                    "/v1/features",
                    "{\"model\":\"flight_delay\",\"entities\":"
                        + ServeCalls.entities(entities, r)
                        + "}"));
      }
      double predictMax =
          bench.curve(
              "HTTP POST /v1/predict",
              "1",
              (c, r) ->
                  ServeCalls.send(
                      clients[c],
                      port,
                      "/v1/predict",
                      "{\"scoring\":\"flight_delay_live\",\"entities\":"
                          + ServeCalls.entities(1, r)
                          + "}"));
      bench.atFractions(
          "part: raw Jedis MGET of its 3 keys",
          "1 x 3",
          predictMax,
          (c, r) -> ServeCalls.rawMget(jedis, 1, r));
      bench.atFractions(
          "part: bare ModelInfer, 1 row", "1", predictMax, (c, r) -> ServeCalls.infer(triton));
    } finally {
      channel.shutdownNow();
      direct.shutdownNow();
    }
  }

  /**
   * Latency at fractions of {@code max} with one dispatching thread that starts each request at its
   * due time and records it when its answer arrives: no caller thread waits on the client's core.
   */
  private void asyncAtFractions(String path, String shape, double max, AsyncCall call)
      throws Exception {
    if (max == 0) {
      return;
    }
    for (double fraction : fractions) {
      double rate = max * fraction;
      report(path, shape, " | | ", fraction, rate, openLoopAsync(call, rate));
    }
  }

  /** Waits until {@code System.nanoTime()} reaches {@code due}: a request's due time. */
  private static void parkUntil(long due) {
    long wait = due - System.nanoTime();
    if (wait > 0) {
      LockSupport.parkNanos(wait);
    }
  }

  private Histogram openLoopAsync(AsyncCall call, double rate) throws Exception {
    long periodNanos = Math.max(1, (long) (1e9 / rate));
    int count = (int) (rate * seconds);
    Histogram latency = new ConcurrentHistogram(60_000_000_000L, 3);
    CountDownLatch answered = new CountDownLatch(count);
    Random random = new Random(100);
    long start = System.nanoTime() + 100_000_000L;
    for (int i = 0; i < count; i++) {
      long due = start + i * periodNanos;
      parkUntil(due);
      call.start(
          random,
          failure -> {
            if (failure != null) {
              errors.incrementAndGet();
            }
            latency.recordValue(Math.max(0, System.nanoTime() - due));
            answered.countDown();
          });
    }
    answered.await();
    return latency;
  }

  /**
   * Measures the path's maximum, then its latency at each fraction of it (one row each); returns
   * the maximum.
   */
  private double curve(String path, String shape, Call call) throws Exception {
    if (!(path + " " + shape).contains(only)) {
      return 0;
    }
    List<String> rates = new ArrayList<>();
    Rate max = new Rate(0, 0);
    for (int callers : CALLERS) {
      Rate rate = closedLoop(call, callers);
      rates.add(String.format(Locale.ROOT, "%,.0f", rate.perSecond()));
      max = rate.perSecond() > max.perSecond() ? rate : max;
    }
    String maximum =
        String.join(
            " | ",
            String.join(" / ", rates),
            String.format(Locale.ROOT, "%,.0f", max.perSecond()),
            String.format(Locale.ROOT, "%,.0f", max.serverCpuMicros()));
    for (int f = 0; f < fractions.length; f++) {
      print(path, shape, f == 0 ? maximum : " | | ", fractions[f], max.perSecond(), call);
    }
    return max.perSecond();
  }

  /**
   * Latency of a path at fractions of another's maximum: a part of /v1/predict at predict's, the
   * harness alone at the raw peer's.
   */
  private void atFractions(String path, String shape, double max, Call call) throws Exception {
    if (max == 0) {
      return;
    }
    for (double fraction : fractions) {
      print(path, shape, " | | ", fraction, max, call);
    }
  }

  private void print(
      String path, String shape, String maximum, double fraction, double max, Call call)
      throws Exception {
    double rate = max * fraction;
    report(path, shape, maximum, fraction, rate, openLoop(call, rate));
  }

  private void report(
      String path, String shape, String maximum, double fraction, double rate, Histogram latency)
      throws Exception {
    System.out.printf(
        Locale.ROOT,
        "| %s | %s | %s | %.0f%% | %,.0f | %.3f | %.3f | %.3f | %d | %s |%n",
        path,
        shape,
        maximum,
        fraction * 100,
        rate,
        latency.getValueAtPercentile(50) / 1e6,
        latency.getValueAtPercentile(99) / 1e6,
        latency.getValueAtPercentile(99.9) / 1e6,
        errors.getAndSet(0),
        Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
  }

  /** Requests/s of a closed loop, and the server JVM's CPU time per request meanwhile. */
  private record Rate(double perSecond, double serverCpuMicros) {}

  /** Requests/s of {@code callers} sending back to back (after a warm-up third). */
  private Rate closedLoop(Call call, int callers) throws Exception {
    AtomicLong done = new AtomicLong();
    AtomicBoolean counting = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> workers = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      int caller = c;
      Thread worker =
          new Thread(
              () -> {
                Random random = new Random(caller);
                while (!stop.get()) {
                  try {
                    call.run(caller, random);
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
    long cpuStart = server.cpuMicros();
    counting.set(true);
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    counting.set(false);
    double elapsed = (System.nanoTime() - start) / 1e9;
    long cpu = server.cpuMicros() - cpuStart;
    stop.set(true);
    for (Thread worker : workers) {
      worker.join();
    }
    return new Rate(done.get() / elapsed, (double) cpu / Math.max(1, done.get()));
  }

  /**
   * Latencies at {@code rate}: request i is due at start + i / rate and its latency counts from
   * then (HdrHistogram, ns), whichever of the callers takes it.
   */
  private Histogram openLoop(Call call, double rate) throws Exception {
    int callers = CALLERS[CALLERS.length - 1];
    long periodNanos = Math.max(1, (long) (1e9 / rate));
    long count = (long) (rate * seconds);
    AtomicLong next = new AtomicLong();
    Histogram[] histograms = new Histogram[callers];
    List<Thread> workers = new ArrayList<>();
    long start = System.nanoTime() + 100_000_000L;
    for (int c = 0; c < callers; c++) {
      int caller = c;
      histograms[c] = new Histogram(60_000_000_000L, 3);
      Thread worker =
          new Thread(
              () -> {
                Random random = new Random(100 + caller);
                for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                  long due = start + i * periodNanos;
                  parkUntil(due);
                  try {
                    call.run(caller, random);
                  } catch (Exception failed) {
                    errors.incrementAndGet();
                  }
                  histograms[caller].recordValue(Math.max(0, System.nanoTime() - due));
                }
              });
      worker.start();
      workers.add(worker);
    }
    Histogram all = new Histogram(60_000_000_000L, 3);
    for (int c = 0; c < callers; c++) {
      workers.get(c).join();
      all.add(histograms[c]);
    }
    return all;
  }
}
