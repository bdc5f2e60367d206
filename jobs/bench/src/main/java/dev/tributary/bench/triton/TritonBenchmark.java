package dev.tributary.bench.triton;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.tributary.triton.client.InferRequest;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.server.LocalTritonServer;
import dev.tributary.triton.tensor.Tensor;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

/**
 * Measures the Triton path against its floor: the flight_delay model called through {@link
 * TritonClient} and the local server over gRPC on loopback, versus ONNX Runtime called in-process
 * on the same batches; then the gain from dynamic batching when many callers send one row each.
 * Prints markdown tables for docs/benchmarks.md.
 *
 * <p>{@code --repository triton-models [--seconds 3] [--version 1]}
 */
public final class TritonBenchmark {

  private static final int[] BATCHES = {1, 8, 64};
  private static final int WIDTH = 11;
  private static final int MLP_INPUTS = 256;
  private static final int MLP_HIDDEN = 2048;

  private TritonBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path repository = Paths.get("triton-models");
    double seconds = 3;
    String version = "1";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--repository" -> repository = Paths.get(args[i + 1]);
        case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
        case "--version" -> version = args[i + 1];
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; usage: --repository DIR [--seconds S] [--version V]");
      }
    }
    Path copy = Files.createTempDirectory("triton-bench");
    try {
      prepareRepository(repository.resolve("flight_delay"), copy);
      run(copy, version, (long) (seconds * 1e9));
    } finally {
      deleteTree(copy);
    }
  }

  private static void run(Path repository, String version, long durationNanos) throws Exception {
    Path onnx = repository.resolve("flight_delay_direct").resolve(version).resolve("model.onnx");
    System.out.printf(
        Locale.ROOT,
        "flight_delay version %s, %d features, %d available processors, %.1f s per row%n%n",
        version,
        WIDTH,
        Runtime.getRuntime().availableProcessors(),
        durationNanos / 1e9);
    System.out.println("| batch | path | inferences/s | p50 ms | p99 ms |");
    System.out.println("| ---: | --- | ---: | ---: | ---: |");
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(onnx.toString(), options);
          LocalTritonServer server = LocalTritonServer.start(repository, 0);
          TritonClient client =
              TritonClient.builder().endpoint("127.0.0.1:" + server.port()).build()) {
        for (int batch : BATCHES) {
          float[] rows = rows(batch, WIDTH);
          LatencyRecorder direct =
              measure(
                  durationNanos,
                  () -> {
                    try (OnnxTensor input =
                            OnnxTensor.createTensor(
                                env, FloatBuffer.wrap(rows), new long[] {batch, WIDTH});
                        OrtSession.Result result = session.run(Map.of("input", input))) {
                      result.get(0);
                    }
                  });
          print(batch, "ONNX Runtime in-process (floor)", direct, batch);
          InferRequest request =
              InferRequest.builder("flight_delay_direct")
                  .version(version)
                  .input(Tensor.ofFp32s("input", new long[] {batch, WIDTH}, rows))
                  .build();
          LatencyRecorder remote = measure(durationNanos, () -> client.infer(request));
          print(batch, "TritonClient -> local server (gRPC, loopback)", remote, batch);
        }

        System.out.println();
        System.out.println("Dynamic batching: 32 callers in flight, one row per request");
        System.out.println();
        System.out.println(
            "| model | model config | inferences/s | p50 ms | p99 ms | rows per model run |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: |");
        for (String family : List.of("flight_delay", "mlp")) {
          int width = family.equals("mlp") ? MLP_INPUTS : WIDTH;
          String modelVersion = family.equals("mlp") ? "1" : version;
          float[] one = rows(1, width);
          for (String model : List.of(family + "_direct", family)) {
            InferRequest request =
                InferRequest.builder(model)
                    .version(modelVersion)
                    .input(Tensor.ofFp32s("input", new long[] {1, width}, one))
                    .build();
            var before = client.modelStatistics(model, modelVersion).get(0);
            LatencyRecorder concurrent = measureConcurrent(durationNanos, 32, client, request);
            var after = client.modelStatistics(model, modelVersion).get(0);
            double rowsPerRun =
                (double) (after.getInferenceCount() - before.getInferenceCount())
                    / Math.max(1, after.getExecutionCount() - before.getExecutionCount());
            System.out.printf(
                Locale.ROOT,
                "| %s | %s | %,.0f | %.2f | %.2f | %.1f |%n",
                family.equals("mlp")
                    ? "MLP " + MLP_INPUTS + "-" + MLP_HIDDEN + "-" + MLP_HIDDEN + "-2"
                    : "flight_delay v" + version,
                model.endsWith("_direct")
                    ? "no dynamic batching"
                    : "dynamic_batching (0.5 ms, preferred 32/64)",
                concurrent.inferencesPerSecond(1),
                concurrent.percentileMillis(0.5),
                concurrent.percentileMillis(0.99),
                rowsPerRun);
          }
        }
      }
    }
  }

  /** Calls {@code call} back to back: a warm-up of a quarter of the time, then the measured run. */
  private static LatencyRecorder measure(long durationNanos, Call call) throws Exception {
    long warmUpEnd = System.nanoTime() + durationNanos / 4;
    while (System.nanoTime() < warmUpEnd) {
      call.run();
    }
    LatencyRecorder recorder = new LatencyRecorder();
    recorder.start();
    long end = System.nanoTime() + durationNanos;
    while (System.nanoTime() < end) {
      long start = System.nanoTime();
      call.run();
      recorder.record(System.nanoTime() - start);
    }
    recorder.stop();
    return recorder;
  }

  /** Keeps {@code inFlight} asynchronous requests outstanding for the duration (closed loop). */
  private static LatencyRecorder measureConcurrent(
      long durationNanos, int inFlight, TritonClient client, InferRequest request)
      throws InterruptedException {
    Semaphore slots = new Semaphore(inFlight);
    LatencyRecorder recorder = new LatencyRecorder();
    long warmUpEnd = System.nanoTime() + durationNanos / 4;
    recorder.start();
    long end = warmUpEnd + durationNanos;
    boolean measuring = false;
    while (System.nanoTime() < end) {
      if (!measuring && System.nanoTime() >= warmUpEnd) {
        slots.acquire(inFlight);
        slots.release(inFlight);
        recorder = new LatencyRecorder();
        recorder.start();
        measuring = true;
      }
      slots.acquire();
      long start = System.nanoTime();
      LatencyRecorder target = recorder;
      boolean record = measuring;
      client
          .inferAsync(request)
          .whenComplete(
              (result, failure) -> {
                if (failure != null) {
                  System.err.println("request failed: " + failure);
                } else if (record) {
                  target.record(System.nanoTime() - start);
                }
                slots.release();
              });
    }
    slots.acquire(inFlight);
    recorder.stop();
    return recorder;
  }

  private static void print(int batch, String path, LatencyRecorder recorder, int rows) {
    System.out.printf(
        Locale.ROOT,
        "| %d | %s | %,.0f | %.3f | %.3f |%n",
        batch,
        path,
        recorder.inferencesPerSecond(rows),
        recorder.percentileMillis(0.5),
        recorder.percentileMillis(0.99));
  }

  /**
   * Two copies each of flight_delay and of a synthetic MLP: with the published dynamic_batching
   * block ({@code <name>}) and without it ({@code <name>_direct}).
   */
  private static void prepareRepository(Path source, Path target) throws IOException {
    String config = Files.readString(source.resolve("config.pbtxt"));
    Path mlpSource = target.resolve("mlp_source");
    Files.createDirectories(mlpSource.resolve("1"));
    Files.write(mlpSource.resolve("1/model.onnx"), SyntheticMlp.build(MLP_INPUTS, MLP_HIDDEN, 5));
    String mlpConfig = config.replace("dims: [ 11 ]", "dims: [ " + MLP_INPUTS + " ]");
    for (String family : List.of("flight_delay", "mlp")) {
      Path from = family.equals("mlp") ? mlpSource : source;
      String familyConfig = family.equals("mlp") ? mlpConfig : config;
      for (String name : List.of(family, family + "_direct")) {
        copyTree(from, target.resolve(name));
        String text = familyConfig.replace("name: \"flight_delay\"", "name: \"" + name + "\"");
        if (name.endsWith("_direct")) {
          text = text.replaceAll("(?s)dynamic_batching \\{.*?\\}\\n", "");
        }
        Files.writeString(target.resolve(name).resolve("config.pbtxt"), text);
      }
    }
    deleteTree(mlpSource);
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path to = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else if (!file.getFileName().toString().equals("config.pbtxt")) {
          Files.copy(file, to);
        }
      }
    }
  }

  private static float[] rows(int batch, int width) {
    Random random = new Random(batch);
    float[] values = new float[batch * width];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) Math.abs(random.nextGaussian() * 20);
    }
    return values;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(file);
      }
    }
  }

  @FunctionalInterface
  private interface Call {
    void run() throws Exception;
  }
}
