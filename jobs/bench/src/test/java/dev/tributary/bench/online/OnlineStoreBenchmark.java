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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

/**
 * Bytes per feature and pipelined writes per second of the online store, on the example views over
 * the flights sample; prints the tables of docs/benchmarks.md. Not part of the normal test run:
 *
 * <pre>
 * mvn -q -B -pl jobs/flink -am test -Dtest=OnlineStoreBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtributary.benchmark=true
 * </pre>
 *
 * Bytes are Redis's own {@code MEMORY USAGE key SAMPLES 0} (key, hash object and listpack, without
 * the expiry entry) summed over the view's hashes: per hash, per feature slot (hash bytes over
 * features, nulls included), and per non-null value (hash bytes minus those of a hash holding only
 * the as-of time, over the values). Values are the core's exact values of every entity as of the
 * end of the sample (the newest event time + 1 ms), computed by {@link PointInTimeEvaluator}, so
 * sizes reflect real nulls, real averages with 16 digits and real last_n lists.
 */
@EnabledIfSystemProperty(named = "tributary.benchmark", matches = "true")
class OnlineStoreBenchmark {
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private static final int WRITES = 300_000;
  private static final int BATCH = 1_000;

  @Test
  void bytesPerFeatureAndWritesPerSecond() throws Exception {
    FeatureRepository repository = FlightsSample.definitions();
    Path sample = FlightsSample.repositoryRoot().resolve("feature-defs/data/flights-sample.csv.gz");
    List<Object[]> rows = readRows(sample, repository.views().get(0).source().schema());
    System.out.printf("%n%d flights from %s%n%n", rows.size(), sample.getFileName());

    RedisOptions options = RedisOptions.builder(REDIS.host(), REDIS.port()).build();
    Map<FeatureView, List<OnlineUpdate>> updates = new LinkedHashMap<>();
    for (FeatureView view : repository.views()) {
      updates.put(view, valuesAtEnd(view, rows));
    }

    System.out.println(
        "| view | features | entities | non-null values | compact bytes/hash | plain HSET bytes/hash"
            + " | compact bytes/feature | plain bytes/feature | compact bytes/value | plain bytes/value | saved |");
    System.out.println(
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    List<String> examples = new ArrayList<>();
    try (RedisClient redis = RedisClient.create(REDIS.host(), REDIS.port());
        OnlineStoreWriter writer = OnlineStoreWriter.open(options, repository.views())) {
      for (Map.Entry<FeatureView, List<OnlineUpdate>> view : updates.entrySet()) {
        List<OnlineUpdate> entities = view.getValue();
        redis.flushAll();
        writer.write(entities);
        long compact = memoryUsage(redis, view.getKey(), entities);
        String example = OnlineKeys.key(view.getKey(), entities.get(0).keyValues());
        examples.add(example + " " + new TreeMap<>(redis.hgetAll(example)));
        redis.flushAll();
        writePlain(redis, view.getKey(), entities);
        long plain = memoryUsage(redis, view.getKey(), entities);
        redis.flushAll();
        writePlain(
            redis,
            view.getKey(),
            entities.stream()
                .map(
                    u ->
                        new OnlineUpdate(
                            u.view(), u.keyValues(), u.asOf(), new Object[u.values().length], null))
                .toList());
        long asOfOnly = memoryUsage(redis, view.getKey(), entities);
        long nonNull =
            entities.stream()
                .flatMap(u -> Arrays.stream(u.values()))
                .filter(v -> v != null)
                .count();
        int features = view.getKey().features().size();
        double slots = (double) entities.size() * features;
        System.out.printf(
            "| %s | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f%% |%n",
            view.getKey().name(),
            features,
            entities.size(),
            nonNull,
            (double) compact / entities.size(),
            (double) plain / entities.size(),
            compact / slots,
            plain / slots,
            (double) (compact - asOfOnly) / nonNull,
            (double) (plain - asOfOnly) / nonNull,
            100.0 * (plain - compact) / plain);
      }
      System.out.println();
      examples.forEach(System.out::println);
      redis.flushAll();

      FeatureView origin = repository.view("origin_delays").orElseThrow();
      List<OnlineUpdate> template = updates.get(origin);
      List<OnlineUpdate> stream = new ArrayList<>(WRITES);
      for (int i = 0; i < WRITES; i++) {
        OnlineUpdate update = template.get(i % template.size());
        stream.add(
            new OnlineUpdate(
                update.view(), update.keyValues(), update.asOf() + i, update.values(), null));
      }
      System.out.printf(
          "%n| run (origin_delays, %d features, %d updates over %d keys, batches of %d) | updates/s |%n",
          origin.features().size(), WRITES, template.size(), BATCH);
      System.out.println("| --- | ---: |");
      for (int round = 1; round <= 3; round++) {
        redis.flushAll();
        System.out.printf(
            "| OnlineStoreWriter, newer as-of every time (round %d) | %,.0f |%n",
            round, writesPerSecond(writer, stream));
        System.out.printf(
            "| OnlineStoreWriter, replay: all skipped as older (round %d) | %,.0f |%n",
            round, writesPerSecond(writer, stream));
        redis.flushAll();
        System.out.printf(
            "| plain pipelined HSET, full names, no as-of check, no TTL (round %d) | %,.0f |%n",
            round, plainWritesPerSecond(redis, origin, stream));
      }
    }
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
   * What a store without this encoding would do: full feature names, {@code String.valueOf} values.
   */
  private static void writePlain(RedisClient redis, FeatureView view, List<OnlineUpdate> updates) {
    try (AbstractPipeline pipeline = redis.pipelined()) {
      for (OnlineUpdate update : updates) {
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put(OnlineRecordCodec.AS_OF_FIELD, String.valueOf(update.asOf()));
        Object[] values = update.values();
        for (int i = 0; i < values.length; i++) {
          if (values[i] != null) {
            hash.put(view.features().get(i).name(), String.valueOf(values[i]));
          }
        }
        pipeline.hset(OnlineKeys.key(view, update.keyValues()), hash);
      }
    }
  }

  private static long memoryUsage(RedisClient redis, FeatureView view, List<OnlineUpdate> updates) {
    List<Response<Long>> sizes = new ArrayList<>();
    try (AbstractPipeline pipeline = redis.pipelined()) {
      for (OnlineUpdate update : updates) {
        sizes.add(pipeline.memoryUsage(OnlineKeys.key(view, update.keyValues()), 0));
      }
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
