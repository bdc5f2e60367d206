package dev.tributary.bench.online;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.defs.Feature;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.KeyBinding;
import dev.tributary.core.expr.Expression;
import dev.tributary.core.keys.OnlineKeys;
import dev.tributary.core.online.OnlineRecordCodec;
import dev.tributary.core.types.Column;
import dev.tributary.core.types.RowSchema;
import dev.tributary.core.types.ValueType;
import dev.tributary.core.window.Event;
import dev.tributary.core.window.PointInTimeEvaluator;
import dev.tributary.core.window.ViewSpec;
import dev.tributary.embedded.junit.RedisExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.online.OnlineStoreWriter;
import dev.tributary.flink.online.OnlineUpdate;
import dev.tributary.flink.online.RedisOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

/**
 * Bytes per feature and pipelined writes per second of the online store, on the example views over
 * the flights sample, beside plain {@code HSET}s and {@code redis-benchmark -P 16} of the same
 * fields; prints the tables of docs/benchmarks.md. Not part of the normal test run:
 *
 * <pre>
 * mvn -q -B -Pbench -pl jobs/bench -am test -Dtest=OnlineStoreBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dtributary.benchmark=true \
 *     [-Dtributary.redis-server=/path/to/redis-server] [-Dtributary.redis-benchmark=/path/to/it]
 * </pre>
 *
 * Bytes are Redis's own {@code MEMORY USAGE key SAMPLES 0} (dictionary entry, key, object and
 * value, without the expiry entry). The views of one entity share its key, so each key's bytes are
 * split among the views in it by their sections' share of the value; per feature = a view's bytes
 * over its entities x features, nulls included. Values are the core's exact values of every entity
 * as of the end of the sample (the newest event time + 1 ms), computed by {@link
 * PointInTimeEvaluator}, so sizes reflect real nulls, real averages and real last_n lists.
 */
@EnabledIfSystemProperty(named = "tributary.benchmark", matches = "true")
class OnlineStoreBenchmark {
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private static final int WRITES = 300_000;
  private static final int BATCH = 1_000;
  private static final int ROUNDS = 7;

  /** redis-benchmark's peak resident set over its runs, MB. */
  private static long peakRss;

  @Test
  void bytesPerFeatureAndWritesPerSecond() throws Exception {
    FeatureRepository repository = FlightsSample.definitions();
    Path sample = FlightsSample.repositoryRoot().resolve("feature-defs/data/flights-sample.csv.gz");
    List<Object[]> rows = readRows(sample, repository.views().get(0).source().schema());
    System.out.printf("%n%d flights from %s%n", rows.size(), sample.getFileName());

    RedisOptions options = RedisOptions.builder(REDIS.host(), REDIS.port()).build();
    Map<FeatureView, List<OnlineUpdate>> updates = new LinkedHashMap<>();
    for (FeatureView view : repository.views()) {
      updates.put(view, valuesAtEnd(view, rows));
    }
    try (RedisClient redis = RedisClient.create(REDIS.host(), REDIS.port());
        OnlineStoreWriter writer = OnlineStoreWriter.open(options, repository.views())) {
      System.out.println(
          redis
              .info("server")
              .lines()
              .filter(l -> l.startsWith("redis_version"))
              .findFirst()
              .orElse(""));
      printBytes(redis, writer, updates);
      printWrites(redis, writer, repository.view("origin_delays").orElseThrow(), updates);
    }
  }

  private static void printBytes(
      RedisClient redis, OnlineStoreWriter writer, Map<FeatureView, List<OnlineUpdate>> updates)
      throws Exception {
    redis.flushAll();
    Map<String, Map<FeatureView, Integer>> sections = new TreeMap<>();
    for (Map.Entry<FeatureView, List<OnlineUpdate>> view : updates.entrySet()) {
      writer.write(view.getValue());
      OnlineRecordCodec codec = OnlineRecordCodec.of(view.getKey());
      for (OnlineUpdate update : view.getValue()) {
        int bytes = codec.section(0, codec.encode(update.asOf(), update.values())).length;
        sections
            .computeIfAbsent(OnlineKeys.key(update.keyValues()), k -> new LinkedHashMap<>())
            .put(view.getKey(), bytes);
      }
    }
    Map<FeatureView, Double> shared = new LinkedHashMap<>();
    long total = 0;
    for (Map.Entry<String, Map<FeatureView, Integer>> key : sections.entrySet()) {
      long bytes = redis.memoryUsage(key.getKey(), 0);
      total += bytes;
      int value = key.getValue().values().stream().mapToInt(Integer::intValue).sum();
      key.getValue()
          .forEach(
              (view, section) -> shared.merge(view, (double) bytes * section / value, Double::sum));
    }
    System.out.printf(
        "%n%d keys, %,d bytes (MEMORY USAGE), %d sections%n%n",
        sections.size(), total, sections.values().stream().mapToInt(Map::size).sum());
    System.out.println(
        "| view | features | entities | non-null values | bytes/feature, shared keys |"
            + " bytes/feature, view alone | plain HSET bytes/feature |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (Map.Entry<FeatureView, List<OnlineUpdate>> view : updates.entrySet()) {
      List<OnlineUpdate> entities = view.getValue();
      redis.flushAll();
      writer.write(entities);
      long alone = memoryUsage(redis, entities);
      redis.flushAll();
      writePlain(redis, view.getKey(), entities);
      long plain = memoryUsage(redis, entities);
      long nonNull =
          entities.stream().flatMap(u -> Arrays.stream(u.values())).filter(v -> v != null).count();
      int features = view.getKey().features().size();
      double slots = (double) entities.size() * features;
      System.out.printf(
          "| %s | %d | %d | %d | **%.1f** | %.1f | %.1f |%n",
          view.getKey().name(),
          features,
          entities.size(),
          nonNull,
          shared.get(view.getKey()) / slots,
          alone / slots,
          plain / slots);
    }
    redis.flushAll();
  }

  private static void printWrites(
      RedisClient redis,
      OnlineStoreWriter writer,
      FeatureView origin,
      Map<FeatureView, List<OnlineUpdate>> updates)
      throws Exception {
    List<OnlineUpdate> template = updates.get(origin);
    List<OnlineUpdate> stream = new ArrayList<>(WRITES);
    for (int i = 0; i < WRITES; i++) {
      OnlineUpdate update = template.get(i % template.size());
      stream.add(
          new OnlineUpdate(
              update.view(), update.keyValues(), update.asOf() + i, update.values(), null));
    }
    Path benchmark = redisBenchmark();
    OnlineUpdate widest =
        template.stream()
            .max(
                Comparator.comparingLong(
                    u -> Arrays.stream(u.values()).filter(v -> v != null).count()))
            .orElseThrow();
    System.out.printf(
        "%n%d updates of %s (%d features) over %d keys, batches of %d; load average %s%n",
        WRITES, origin.name(), origin.features().size(), template.size(), BATCH, loadAverage());
    List<double[]> runs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      runs.add(new double[ROUNDS]);
    }
    String[] memory = new String[5];
    for (int round = 0; round < ROUNDS; round++) {
      redis.flushAll();
      runs.get(0)[round] = writesPerSecond(writer, stream);
      memory[0] = usedMemory(redis);
      runs.get(1)[round] = writesPerSecond(writer, stream);
      memory[1] = usedMemory(redis);
      redis.flushAll();
      runs.get(2)[round] = plainWritesPerSecond(redis, origin, stream);
      memory[2] = usedMemory(redis);
      if (benchmark != null) {
        redis.flushAll();
        runs.get(3)[round] =
            redisBenchmark(benchmark, origin, widest, template.size(), 50, memory, 3);
        redis.flushAll();
        runs.get(4)[round] =
            redisBenchmark(benchmark, origin, widest, template.size(), 1, memory, 4);
      }
    }
    String heap = heapAfterGc();
    String[] names = {
      "OnlineStoreWriter, every update newer",
      "OnlineStoreWriter, replay (all skipped as older)",
      "plain pipelined HSET (Jedis, one connection), full names, no as-of, no TTL",
      "redis-benchmark -P 16 -c 50 HSET, same fields",
      "redis-benchmark -P 16 -c 1 HSET, same fields"
    };
    StringBuilder header = new StringBuilder("| run |");
    for (int round = 1; round <= ROUNDS; round++) {
      header.append(" round ").append(round).append(" |");
    }
    System.out.println(header + " median of rounds 2+ | Redis used_memory after | client memory |");
    System.out.println("| --- |" + " ---: |".repeat(ROUNDS + 1) + " ---: | ---: |");
    for (int run = 0; run < (benchmark == null ? 3 : 5); run++) {
      StringBuilder row = new StringBuilder("| " + names[run] + " |");
      for (double rate : runs.get(run)) {
        row.append(String.format(" %,.0f |", rate));
      }
      row.append(
          String.format(
              " **%,.0f** | %s | %s |",
              median(runs.get(run)), memory[run], run < 3 ? heap : "peak RSS " + peakRss + " MB"));
      System.out.println(row);
    }
    if (benchmark != null) {
      StringBuilder row =
          new StringBuilder("| ratio: every update newer / redis-benchmark -c 50 |");
      double[] ratios = new double[ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        ratios[round] = runs.get(0)[round] / runs.get(3)[round];
        row.append(String.format(" %.2f |", ratios[round]));
      }
      row.append(String.format(" **%.2f** | | |", median(ratios)));
      System.out.println(row);
    } else {
      System.out.println("(no redis-benchmark: set -Dtributary.redis-benchmark or put it on PATH)");
    }
    System.out.printf("load average after: %s%n", loadAverage());
  }

  /** The median of every round but the first (JIT warm-up). */
  private static double median(double[] rounds) {
    double[] sorted = Arrays.copyOfRange(rounds, 1, rounds.length);
    Arrays.sort(sorted);
    return sorted.length % 2 == 1
        ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  /**
   * {@code redis-benchmark -P 16 -n WRITES -r KEYS HSET} of the plain HSET's fields of the entity
   * with the most values; returns its requests per second, notes Redis's memory and its own peak.
   */
  private static double redisBenchmark(
      Path benchmark,
      FeatureView view,
      OnlineUpdate update,
      int keys,
      int clients,
      String[] memory,
      int slot)
      throws Exception {
    List<String> command = new ArrayList<>();
    boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
    if (timed) {
      command.addAll(List.of("/usr/bin/time", "-f", "peak-rss-kb %M"));
    }
    command.addAll(
        List.of(
            benchmark.toString(),
            "-h",
            REDIS.host(),
            "-p",
            Integer.toString(REDIS.port()),
            "-P",
            "16",
            "-c",
            Integer.toString(clients),
            "-n",
            Integer.toString(WRITES),
            "-r",
            Integer.toString(keys),
            "-q",
            "HSET",
            "bench:{__rand_int__}"));
    plainHash(view, update).forEach((field, value) -> command.addAll(List.of(field, value)));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    Matcher rate = Pattern.compile("([0-9.]+) requests per second").matcher(output);
    Matcher peak = Pattern.compile("peak-rss-kb (\\d+)").matcher(output);
    try (RedisClient redis = RedisClient.create(REDIS.host(), REDIS.port())) {
      memory[slot] = usedMemory(redis);
    }
    if (peak.find()) {
      peakRss = Math.max(peakRss, Long.parseLong(peak.group(1)) / 1024);
    }
    if (!rate.find()) {
      throw new IllegalStateException("redis-benchmark said: " + output);
    }
    return Double.parseDouble(rate.group(1));
  }

  private static Path redisBenchmark() {
    String explicit = System.getProperty("tributary.redis-benchmark");
    if (explicit != null) {
      return Path.of(explicit);
    }
    for (String dir : System.getenv("PATH").split(":")) {
      Path candidate = Path.of(dir, "redis-benchmark");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static String usedMemory(RedisClient redis) {
    return redis
        .info("memory")
        .lines()
        .filter(l -> l.startsWith("used_memory_human:"))
        .map(l -> l.substring(l.indexOf(':') + 1).strip())
        .findFirst()
        .orElse("?");
  }

  private static String heapAfterGc() {
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    return (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024) + " MB heap after GC";
  }

  private static String loadAverage() throws Exception {
    return Files.readString(Path.of("/proc/loadavg")).strip();
  }

  private static double writesPerSecond(OnlineStoreWriter writer, List<OnlineUpdate> stream)
      throws Exception {
    long start = System.nanoTime();
    for (int from = 0; from < stream.size(); from += BATCH) {
      writer.write(stream.subList(from, Math.min(stream.size(), from + BATCH)));
    }
    return stream.size() / ((System.nanoTime() - start) / 1e9);
  }

  private static double plainWritesPerSecond(
      RedisClient redis, FeatureView view, List<OnlineUpdate> stream) {
    long start = System.nanoTime();
    for (int from = 0; from < stream.size(); from += BATCH) {
      writePlain(redis, view, stream.subList(from, Math.min(stream.size(), from + BATCH)));
    }
    return stream.size() / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * What a store without this encoding would do: one hash per (view, entity), full feature names,
   * {@code String.valueOf} values, an as-of field.
   */
  private static void writePlain(RedisClient redis, FeatureView view, List<OnlineUpdate> updates) {
    try (AbstractPipeline pipeline = redis.pipelined()) {
      for (OnlineUpdate update : updates) {
        pipeline.hset(plainKey(view, update), plainHash(view, update));
      }
    }
  }

  private static String plainKey(FeatureView view, OnlineUpdate update) {
    return view.versionedName() + ":" + OnlineKeys.key(update.keyValues());
  }

  private static Map<String, String> plainHash(FeatureView view, OnlineUpdate update) {
    Map<String, String> hash = new LinkedHashMap<>();
    hash.put("_as_of", String.valueOf(update.asOf()));
    Object[] values = update.values();
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        hash.put(view.features().get(i).name(), String.valueOf(values[i]));
      }
    }
    return hash;
  }

  /** MEMORY USAGE summed over every key in the database. */
  private static long memoryUsage(RedisClient redis, List<OnlineUpdate> updates) {
    List<String> keys = new ArrayList<>(redis.keys("*"));
    List<Response<Long>> sizes = new ArrayList<>();
    try (AbstractPipeline pipeline = redis.pipelined()) {
      for (String key : keys) {
        sizes.add(pipeline.memoryUsage(key, 0));
      }
    }
    if (keys.size() != updates.size()) {
      throw new IllegalStateException(keys.size() + " keys for " + updates.size() + " entities");
    }
    return sizes.stream().mapToLong(Response::get).sum();
  }

  /** One update per entity: its exact values as of the newest event time of the sample + 1 ms. */
  private static List<OnlineUpdate> valuesAtEnd(FeatureView view, List<Object[]> rows) {
    Map<List<Object>, List<Event>> events = new LinkedHashMap<>();
    long newest = Long.MIN_VALUE;
    for (Object[] row : rows) {
      long eventTime = (Long) view.source().eventTime().evaluate(row);
      newest = Math.max(newest, eventTime);
      List<Object> key = new ArrayList<>();
      for (KeyBinding binding : view.keys()) {
        key.add(binding.value().evaluate(row));
      }
      Object[] inputs = new Object[view.features().size()];
      for (int i = 0; i < inputs.length; i++) {
        Feature feature = view.features().get(i);
        inputs[i] = feature.input().map(e -> e.evaluate(row)).orElse(Boolean.TRUE);
      }
      events.computeIfAbsent(key, k -> new ArrayList<>()).add(new Event(eventTime, inputs));
    }
    PointInTimeEvaluator evaluator = new PointInTimeEvaluator(spec(view));
    List<OnlineUpdate> updates = new ArrayList<>();
    long asOf = newest + 1;
    for (Map.Entry<List<Object>, List<Event>> entity : events.entrySet()) {
      Object[] values = evaluator.evaluate(entity.getValue(), new long[] {asOf})[0];
      updates.add(OnlineUpdate.of(view, entity.getKey(), asOf, values, null));
    }
    return updates;
  }

  private static ViewSpec spec(FeatureView view) {
    List<AggregateSpec> features = new ArrayList<>();
    for (Feature feature : view.features()) {
      ValueType input = feature.input().map(Expression::type).orElse(ValueType.BOOLEAN);
      features.add(
          new AggregateSpec(
              feature.name(),
              feature.aggregation(),
              input,
              feature.window().map(w -> w.toMillis()).orElse(0L),
              feature.hop().toMillis(),
              feature.lastN(),
              Double.isNaN(feature.quantile()) ? 0.0 : feature.quantile()));
    }
    return new ViewSpec(features, view.ttl().toMillis());
  }

  /** The sample CSV as rows in the source schema's column order; dates are read as UTC. */
  private static List<Object[]> readRows(Path file, RowSchema schema) throws Exception {
    List<Object[]> rows = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      String[] header = in.readLine().split(",");
      String line;
      while ((line = in.readLine()) != null) {
        String[] cells = line.split(",", -1);
        Object[] row = new Object[schema.size()];
        for (int c = 0; c < header.length; c++) {
          int index = schema.indexOf(header[c]).orElseThrow();
          Column column = schema.column(index);
          row[index] =
              switch (column.type()) {
                case TIMESTAMP ->
                    LocalDateTime.parse(cells[c]).toInstant(ZoneOffset.UTC).toEpochMilli();
                case LONG -> Long.parseLong(cells[c]);
                case DOUBLE -> Double.parseDouble(cells[c]);
                case BOOLEAN -> Boolean.parseBoolean(cells[c]);
                case STRING -> cells[c];
              };
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
