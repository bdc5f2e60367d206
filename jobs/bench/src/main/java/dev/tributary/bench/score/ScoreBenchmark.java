package dev.tributary.bench.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.defs.Source;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.embedded.EmbeddedStack;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.KafkaTopics;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.materialize.MaterializeJob;
import dev.tributary.flink.materialize.MaterializeSettings;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.flink.score.ScoreJob;
import dev.tributary.flink.score.ScoreSettings;
import dev.tributary.flink.score.ScoringRun;
import dev.tributary.triton.client.InferRequest;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.client.TritonClientLoader;
import dev.tributary.triton.server.LocalTritonServer;
import dev.tributary.triton.tensor.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The score job's throughput and latency against its floor, in one run on one machine:
 *
 * <ol>
 *   <li>a bare grpc-java async loop ({@link TritonClient#inferAsync}, as many calls in flight as
 *       the job's async capacity) sending batches of the job's batch size to the same local server;
 *   <li>the score job end to end (after a warm-up run of the same job, as the loop has its warm-up
 *       calls), Kafka requests in, predictions committed (transactional Kafka sink and Iceberg),
 *       features read from Redis filled by the materialize job;
 *   <li>the same job with micro-batching off (one row per {@code ModelInfer});
 *   <li>request to prediction latency at half the rate of (2), HdrHistogram: until the prediction
 *       is written ({@code predicted_at}) and until a read_committed consumer sees it.
 * </ol>
 *
 * Beside each figure the CPU this JVM spent per request, and per thread role for (1) and (2)
 * ({@link ThreadCpuClock}). Prints markdown tables for docs/benchmarks.md. {@code [--requests
 * 20000] [--seconds 20] [--checkpoint-ms 10000]}: the checkpoint interval of (2) and (3), by
 * default the one {@code tributary score} uses; {@code --seconds 0} skips (4), which checkpoints
 * every second.
 */
public final class ScoreBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WIDTH = 11;

  private ScoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    int requests = 20_000;
    int seconds = 20;
    int checkpointMillis = 10_000;
    int maxDelayMillis = -1;
    int shards = -1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--requests" -> requests = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--checkpoint-ms" -> checkpointMillis = Integer.parseInt(args[i + 1]);
        case "--max-delay-ms" -> maxDelayMillis = Integer.parseInt(args[i + 1]);
        case "--shards" -> shards = Integer.parseInt(args[i + 1]);
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; usage: [--requests N] [--seconds S] [--checkpoint-ms MS]"
                    + " [--max-delay-ms MS] [--shards N]");
      }
    }
    FeatureRepository definitions = FlightsSample.definitions();
    Scoring scoring = definitions.scorings().get(0);
    Source flights = definitions.source("flights").orElseThrow();
    List<ParsedEvent> events = FlightsSample.eventsScheduledBefore(flights, "2001-01-03");
    try (EmbeddedStack stack = EmbeddedStack.start(null, 2);
        LocalTritonServer triton =
            LocalTritonServer.start(FlightsSample.repositoryRoot().resolve("triton-models"), 0);
        ProcessCpuClock cpu = new ProcessCpuClock();
        ThreadCpuClock threads = new ThreadCpuClock(cpu)) {
      Run run =
          new Run(stack, triton, scoring, events, cpu, checkpointMillis, maxDelayMillis, shards);
      run.materialize(flights);
      ScoreSettings defaults = run.settings("probe", true);
      double[] loop = run.bareLoop(requests, defaults.maxBatchRows(), defaults.inFlight());
      run.bounded("warm-up", Math.min(requests, 10_000), 0, null);
      double[] batched = run.bounded("batched", requests, 0, null);
      double[] unbatched = run.bounded("unbatched", Math.min(requests, 5_000), 1, Duration.ZERO);
      System.out.println();
      System.out.println(
          "| threads (checkpoints every "
              + checkpointMillis
              + " ms) | bare loop, CPU µs per row | score job, CPU µs per request |");
      System.out.println("| --- | ---: | ---: |");
      Map<String, Long> loopRoles = threads.cpuNanosByRole((long) loop[4], (long) loop[5]);
      Map<String, Long> jobRoles = threads.cpuNanosByRole((long) batched[4], (long) batched[5]);
      for (Map.Entry<String, Long> role : loopRoles.entrySet()) {
        System.out.printf(
            Locale.ROOT,
            "| %s | %.1f | %.1f |%n",
            role.getKey(),
            role.getValue() / 1e3 / requests,
            jobRoles.get(role.getKey()) / 1e3 / requests);
      }
      System.out.println();
      System.out.println(
          "| path | requests | requests/s (first to last prediction) | requests/s (wall, job"
              + " start included) | CPU µs per request (this JVM) | load average | JVM peak RSS MB"
              + " so far |");
      System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
      row("bare grpc-java async loop, batches of " + defaults.maxBatchRows(), requests, loop);
      row(
          "score job, micro-batching on, checkpoints every " + checkpointMillis + " ms",
          requests,
          batched);
      row("score job, micro-batching off", Math.min(requests, 5_000), unbatched);
      System.out.printf(
          Locale.ROOT,
          "%nscore job / bare loop: %.2f requests/s, %.1fx the CPU per request%n",
          batched[0] / Math.max(loop[0], 1e-9),
          batched[2] / Math.max(loop[2], 1e-9));
      if (seconds > 0) {
        run.latency(Math.max(1, (int) (batched[0] / 2)), seconds);
      }
    }
  }

  /**
   * {@code figures}: requests/s first to last, requests/s wall, CPU µs/request, load average, and
   * the measured window's first and last epoch ms.
   */
  private static void row(String path, int requests, double[] figures) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %,d | %,.0f | %,.0f | %,.0f | %.1f | %,d |%n",
        path,
        requests,
        figures[0],
        figures[1],
        figures[2],
        figures[3],
        (long) figures[6]);
  }

  /** The services of one benchmark run and the jobs on them. */
  private static final class Run {
    private final EmbeddedStack stack;
    private final LocalTritonServer triton;
    private final Scoring scoring;
    private final List<ParsedEvent> events;
    private final RedisOptions redis;
    private final ProcessCpuClock cpu;
    private final int checkpointMillis;
    private final int maxDelayMillis;
    private final int shards;

    Run(
        EmbeddedStack stack,
        LocalTritonServer triton,
        Scoring scoring,
        List<ParsedEvent> events,
        ProcessCpuClock cpu,
        int checkpointMillis,
        int maxDelayMillis,
        int shards) {
      this.cpu = cpu;
      this.checkpointMillis = checkpointMillis;
      this.maxDelayMillis = maxDelayMillis;
      this.shards = shards;
      this.stack = stack;
      this.triton = triton;
      this.scoring = scoring;
      this.events = events;
      this.redis = RedisOptions.builder(stack.redis().host(), stack.redis().port()).build();
    }

    CatalogConfig catalog() {
      return new CatalogConfig(LocalIcebergCatalog.NAME, stack.iceberg().properties());
    }

    ScoreSettings settings(String job, boolean bounded) {
      return ScoreSettings.of(
              stack.kafka().bootstrapServers(),
              bounded,
              catalog(),
              job,
              redis,
              TritonClientLoader.of(TritonClient.builder().endpoint("127.0.0.1:" + triton.port())))
          .withGroupId(job);
    }

    /** Two days of flights through the materialize job into Redis: the features requests read. */
    void materialize(Source flights) throws Exception {
      stack.kafka().createTopic("flights", 2);
      KafkaTopics.publish(
          stack.kafka().bootstrapServers(), "flights", KafkaTopics.asJson(flights, events), 2);
      StreamExecutionEnvironment env = stack.flink().environment();
      new MaterializeJob(
              FlightsSample.definitions(),
              new MaterializeSettings(
                  stack.kafka().bootstrapServers(), "features", true, catalog(), "features", redis))
          .build(env);
      env.execute("features for the score benchmark");
    }

    /**
     * Commits the prediction topic's end offsets for the job's served-predictions source (group
     * {@code <group>-served-<scoring>}, docs/scoring.md), as for a job that has been running: else
     * each job of the run would first read every prediction the jobs before it logged.
     */
    private void caughtUp(ScoreSettings settings) {
      Properties config = new Properties();
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
      config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId() + "-served-" + scoring.name());
      try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
        List<TopicPartition> partitions =
            consumer.partitionsFor(DeploymentPlan.PREDICTIONS_TOPIC).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
        consumer
            .endOffsets(partitions)
            .forEach((partition, end) -> ends.put(partition, new OffsetAndMetadata(end)));
        consumer.commitSync(ends);
      }
    }

    /**
     * Rows per second of the bare async loop ({@code rows} rows in batches, {@code inFlight} calls
     * at a time), with the CPU µs per row and load average, as {@link #row} prints.
     */
    double[] bareLoop(int rows, int batch, int inFlight) throws Exception {
      try (TritonClient client =
          TritonClient.builder().endpoint("127.0.0.1:" + triton.port()).build()) {
        Random random = new Random(1);
        float[] values = new float[batch * WIDTH];
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) random.nextGaussian();
        }
        InferRequest request =
            InferRequest.builder("flight_delay")
                .version(1)
                .input(Tensor.ofFp32s("input", new long[] {batch, WIDTH}, values))
                .output("output")
                .build();
        for (int i = 0; i < 200; i++) {
          client.infer(request); // warm-up
        }
        Semaphore slots = new Semaphore(inFlight);
        int calls = (rows + batch - 1) / batch;
        long start = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        long cpuStart = ProcessCpuClock.cpuNanos();
        for (int i = 0; i < calls; i++) {
          slots.acquire();
          client.inferAsync(request).whenComplete((answer, failure) -> slots.release());
        }
        slots.acquire(inFlight);
        double perSecond = (double) calls * batch / ((System.nanoTime() - start) / 1e9);
        double cpuMicros = (ProcessCpuClock.cpuNanos() - cpuStart) / 1e3 / ((double) calls * batch);
        return new double[] {
          perSecond,
          perSecond,
          cpuMicros,
          ProcessCpuClock.loadAverage(),
          startMillis,
          System.currentTimeMillis(),
          ProcessCpuClock.peakResidentMb()
        };
      }
    }

    /**
     * Requests/s of a bounded score job over {@code count} requests already on Kafka: between its
     * first and last prediction, and over the whole run including the job's start.
     *
     * @param batchRows 0 for the default batching
     */
    double[] bounded(String job, int count, int batchRows, Duration delay) throws Exception {
      ScoringRun requests = new ScoringRun(scoring, "bench-" + job, events, count, 7);
      String topic = requests.scoring.requests().topicOrNull();
      stack.kafka().createTopic(topic, 2);
      KafkaTopics.publish(stack.kafka().bootstrapServers(), topic, requests.records, 2);
      ScoreSettings settings = settings(job, true);
      caughtUp(settings);
      if (batchRows > 0) {
        settings = settings.withBatching(batchRows, delay);
      } else if (maxDelayMillis >= 0) {
        settings =
            settings.withBatching(settings.maxBatchRows(), Duration.ofMillis(maxDelayMillis));
      }
      if (shards > 0) {
        settings = settings.withBatchShards(shards);
      }
      StreamExecutionEnvironment env = stack.flink().environment();
      env.enableCheckpointing(checkpointMillis);
      new ScoreJob(requests.scoring, settings).build(env);
      long start = System.nanoTime();
      env.execute("score benchmark " + job);
      double wall = (System.nanoTime() - start) / 1e9;
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      int predictions = 0;
      Histogram lookup = new Histogram(3);
      Histogram queue = new Histogram(3);
      Histogram inference = new Histogram(3);
      Set<List<Long>> calls = new HashSet<>();
      for (JsonNode p : committedPredictions(job, requests.total(), Duration.ofSeconds(30))) {
        long at = p.get("predicted_at").asLong();
        first = Math.min(first, at);
        last = Math.max(last, at);
        predictions++;
        lookup.recordValue(p.get("lookup_us").asLong());
        queue.recordValue(p.get("queue_us").asLong());
        inference.recordValue(p.get("inference_us").asLong());
        // the predictions of one call share its lookup and inference times
        calls.add(List.of(p.get("lookup_us").asLong(), p.get("inference_us").asLong()));
      }
      System.out.printf(
          Locale.ROOT,
          "%s: per prediction p50/p99 µs: lookup %d/%d, queue %d/%d, inference %d/%d%n",
          job,
          lookup.getValueAtPercentile(50),
          lookup.getValueAtPercentile(99),
          queue.getValueAtPercentile(50),
          queue.getValueAtPercentile(99),
          inference.getValueAtPercentile(50),
          inference.getValueAtPercentile(99));
      System.out.printf(
          Locale.ROOT,
          "%s: %d requests, %d predictions in %.1f s (job start included), about %.1f rows per"
              + " ModelInfer call%n",
          job,
          requests.requests.size(),
          predictions,
          wall,
          predictions / (double) Math.max(1, calls.size()));
      double cpuMicros = cpu.cpuNanosBetween(first, last) / 1e3 / Math.max(1, predictions);
      return new double[] {
        predictions / Math.max(1e-3, (last - first) / 1e3),
        requests.requests.size() / wall,
        cpuMicros,
        ProcessCpuClock.loadAverage(),
        first,
        last,
        ProcessCpuClock.peakResidentMb()
      };
    }

    /** Requests sent at {@code rate}/s for {@code seconds} to a running job; latencies printed. */
    void latency(int rate, int seconds) throws Exception {
      String job = "latency";
      ScoringRun requests = new ScoringRun(scoring, "bench-" + job, events, rate * seconds, 11);
      String topic = requests.scoring.requests().topicOrNull();
      stack.kafka().createTopic(topic, 2);
      StreamExecutionEnvironment env = stack.flink().environment();
      env.enableCheckpointing(1_000);
      ScoreSettings settings = settings(job, false);
      caughtUp(settings);
      new ScoreJob(requests.scoring, settings).build(env);
      JobClient running = env.executeAsync("score benchmark latency");
      Map<String, Long> sentAt = new ConcurrentHashMap<>();
      Histogram written = new Histogram(TimeUnit.MINUTES.toMillis(5), 3);
      Histogram committed = new Histogram(TimeUnit.MINUTES.toMillis(5), 3);
      Thread reader =
          new Thread(
              () -> {
                try (KafkaConsumer<String, String> consumer = predictionConsumer()) {
                  int seen = 0;
                  long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 60L);
                  while (seen < requests.requests.size() && System.nanoTime() < giveUp) {
                    for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(100))) {
                      long now = System.currentTimeMillis();
                      JsonNode p = JSON.readTree(record.value());
                      Long sent = sentAt.get(p.get("request_id").asText());
                      if (!job.equals(p.path("job_id").asText()) || sent == null) {
                        continue;
                      }
                      written.recordValue(Math.max(0, p.get("predicted_at").asLong() - sent));
                      committed.recordValue(Math.max(0, now - sent));
                      seen++;
                    }
                  }
                } catch (Exception failed) {
                  throw new IllegalStateException(failed);
                }
              },
              "prediction-reader");
      reader.start();
      Thread.sleep(5_000); // the job's start
      Properties config = new Properties();
      config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
      config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
        long start = System.nanoTime();
        long periodNanos = 1_000_000_000L / rate;
        for (int i = 0; i < requests.requests.size(); i++) {
          long due = start + i * periodNanos;
          while (System.nanoTime() < due) {
            Thread.onSpinWait();
          }
          sentAt.put((String) requests.requests.get(i)[0], System.currentTimeMillis());
          producer.send(new ProducerRecord<>(topic, i % 2, null, requests.records.get(i)));
        }
      }
      reader.join();
      running.cancel().get();
      System.out.printf(
          Locale.ROOT,
          "%n| latency at %,d requests/s for %d s (%,d predictions) | p50 ms | p99 ms | max ms |%n",
          rate,
          seconds,
          committed.getTotalCount());
      System.out.println("| --- | ---: | ---: | ---: |");
      latencyRow("request sent -> prediction written (predicted_at)", written);
      latencyRow("request sent -> prediction committed (read_committed consumer)", committed);
    }

    private static void latencyRow(String what, Histogram histogram) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %d | %d |%n",
          what,
          histogram.getValueAtPercentile(50),
          histogram.getValueAtPercentile(99),
          histogram.getMaxValue());
    }

    private KafkaConsumer<String, String> predictionConsumer() {
      Properties config = new Properties();
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
      config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + System.nanoTime());
      KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
      consumer.subscribe(List.of(DeploymentPlan.PREDICTIONS_TOPIC));
      return consumer;
    }

    /** The committed predictions of {@code job}, once {@code outcomes} have ended or time is up. */
    private List<JsonNode> committedPredictions(String job, int outcomes, Duration wait)
        throws Exception {
      List<JsonNode> mine = new ArrayList<>();
      try (KafkaConsumer<String, String> consumer = predictionConsumer()) {
        long giveUp = System.nanoTime() + wait.toNanos();
        while (mine.size() < outcomes - ScoringRun.BAD_REQUESTS && System.nanoTime() < giveUp) {
          for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            JsonNode p = JSON.readTree(record.value());
            if (job.equals(p.path("job_id").asText())) {
              mine.add(p);
            }
          }
        }
      }
      return mine;
    }
  }
}
