package dev.tributary.bench.serve;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.embedded.EmbeddedRedis;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.serve.server.TributaryServer;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.server.LocalTritonServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tributary serve} at fractions of its maximum rate (half of it: the goal's point), against
 * a raw Jedis {@code MGET} of the same entity values, in one run on one machine. This JVM is the
 * server's: it starts an embedded {@code redis-server}, fills it ({@link ServeStore}), starts the
 * local Triton-protocol server on {@code triton-models/} and the server on HTTP and gRPC, then runs
 * {@link ServeLoadGenerator} in a JVM of its own (same classpath) against them and waits for its
 * table. So a profile of this JVM ({@code -XX:StartFlightRecording}) holds the server (and the
 * Triton server behind {@code /v1/predict}) without the clients; {@code redis-server} is a process
 * of its own too.
 *
 * <pre>
 *   this JVM: TributaryServer (Javalin, grpc-java) ── redis-server (child process)
 *             LocalTritonServer
 *   child JVM: ServeLoadGenerator ── HTTP, gRPC, raw Jedis, bare ModelInfer
 * </pre>
 *
 * <p>Separate hosts for server and clients are imitated with CPU affinity: start this JVM under
 * {@code taskset -c 0} (its {@code redis-server} inherits it) and give {@code --client-cpus 1},
 * which starts the clients under {@code taskset -c 1}.
 *
 * <p>{@code [--seconds 6] [--client-heap 512m] [--fractions 0.1,0.25,0.5] [--client-cpus LIST]
 * [--client-java-option OPTION]... [--only TEXT]}; prints the markdown table of docs/benchmarks.md.
 */
public final class ServeAtHalfRateBenchmark {

  private ServeAtHalfRateBenchmark() {}

  public static void main(String[] args) throws Exception {
    String seconds = "6";
    String clientHeap = "512m";
    String fractions = "0.1,0.25,0.5";
    String only = "";
    List<String> clientLauncher = new ArrayList<>();
    List<String> clientOptions = new ArrayList<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--seconds" -> seconds = args[i + 1];
        case "--client-heap" -> clientHeap = args[i + 1];
        case "--fractions" -> fractions = args[i + 1];
        case "--only" -> only = args[i + 1];
        case "--client-cpus" -> clientLauncher.addAll(List.of("taskset", "-c", args[i + 1]));
        case "--client-java-option" -> clientOptions.add(args[i + 1]);
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; usage: [--seconds S] [--client-heap SIZE] [--fractions 0.1,0.25,0.5]"
                    + " [--client-cpus LIST] [--client-java-option OPTION]... [--only TEXT]");
      }
    }
    FeatureRepository repository = FlightsSample.definitions();
    try (EmbeddedRedis redis = EmbeddedRedis.start()) {
      RedisOptions options = RedisOptions.builder(redis.host(), redis.port()).build();
      ServeStore.fill(repository, options);
      try (LocalTritonServer triton =
              LocalTritonServer.start(FlightsSample.repositoryRoot().resolve("triton-models"), 0);
          TritonClient client =
              TritonClient.builder().endpoint("127.0.0.1:" + triton.port()).build();
          TributaryServer server =
              TributaryServer.builder(repository, options)
                  .triton(client)
                  .listen("127.0.0.1", 0, 0)
                  .start()) {
        List<String> command = new ArrayList<>(clientLauncher);
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // The clients' own GC pauses would count as the server's latency: ZGC stops for
        // microseconds, where the Serial collector the JVM picks on one CPU stops for milliseconds.
        command.addAll(List.of("-XX:+UseZGC", "-Xms" + clientHeap, "-Xmx" + clientHeap));
        command.addAll(clientOptions);
        command.addAll(
            List.of(
                "-cp",
                System.getProperty("java.class.path"),
                ServeLoadGenerator.class.getName(),
                "--http",
                String.valueOf(server.httpPort()),
                "--grpc",
                String.valueOf(server.grpcPort()),
                "--redis",
                redis.host() + ":" + redis.port(),
                "--triton",
                String.valueOf(triton.port()),
                "--server-pid",
                String.valueOf(ProcessHandle.current().pid()),
                "--seconds",
                seconds,
                "--fractions",
                fractions,
                "--only",
                only));
        System.out.printf(
            "%s, %d cores, load average %s, this JVM on CPUs %s, clients on %s%n",
            Instant.now(),
            Runtime.getRuntime().availableProcessors(),
            Files.readString(Path.of("/proc/loadavg")).trim(),
            allowedCpus(),
            clientLauncher.isEmpty() ? "any" : clientLauncher.get(2));
        Process clients = new ProcessBuilder(command).inheritIO().start();
        int exit = clients.waitFor();
        if (exit != 0) {
          throw new IllegalStateException("the load generator ended with exit code " + exit);
        }
      }
    }
  }

  /** The CPUs this process may run on ({@code Cpus_allowed_list}: what {@code taskset} set). */
  private static String allowedCpus() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(line -> line.startsWith("Cpus_allowed_list:"))
        .map(line -> line.substring(line.indexOf(':') + 1).trim())
        .findFirst()
        .orElse("unknown");
  }
}
