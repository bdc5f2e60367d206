package dev.tributary.flink.score;

import dev.tributary.core.defs.MissingPolicy;
import dev.tributary.core.defs.ModelVersionFolder;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.score.ScoringRequests;
import dev.tributary.core.score.SplitHistory;
import dev.tributary.core.score.TrafficSplit;
import dev.tributary.flink.iceberg.DeadLetterTable;
import dev.tributary.flink.iceberg.PredictionTable;
import dev.tributary.flink.records.DeadLetter;
import dev.tributary.flink.records.DeadLetterJson;
import dev.tributary.flink.records.Prediction;
import dev.tributary.flink.records.TopicCreation;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.protocol.ModelConfig;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.retryable.AsyncRetryStrategies;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The score job: scoring requests from Kafka to predictions from Triton, each logged exactly once.
 *
 * <pre>
 *  Kafka requests ─► parse, check ─► keyBy(shard of request id)
 *                                       ▼
 *                           RouteAndBatch ◄── broadcast ── Kafka tributary.traffic_splits
 *                  version and split id, then a micro-batch per version (max rows, max delay)
 *                                       ▼
 *              async (capacity, retries) InferBatch: Redis (one read per batch)
 *                                       │              ─► ModelInputs ─► circuit ─► Triton ModelInfer
 *                                       ▼
 *                                  EmitOutcomes ─┬─► Kafka tributary.predictions (transactional)
 *                                                ├─► Iceberg monitoring.predictions
 *                                                └─► dead letters: Kafka tributary.dead_letters
 *                                                    (transactional) and Iceberg ops.dead_letters
 *
 *  Kafka tributary.predictions, records of tributary serve for this scoring (ServedRecords)
 *                                                  ─► Iceberg monitoring.predictions
 *  Kafka tributary.dead_letters, records of tributary serve for this scoring (ServedRecords)
 *                                                  ─► Iceberg ops.dead_letters (with the job's own)
 * </pre>
 *
 * Every request ends as exactly one prediction or one dead letter: rejected requests at the router,
 * missing features, server errors and timeouts in {@link InferBatch}. All outputs commit with
 * checkpoints, so a restore neither loses nor repeats any. The predictions {@code tributary serve}
 * made for the scoring reach Kafka only; this job appends them to {@code monitoring.predictions}
 * too ({@link ServedRecords#predictions}), so the consistency check covers both paths; and its dead
 * letters to {@code ops.dead_letters} ({@link ServedRecords#deadLetters}).
 */
public final class ScoreJob {
  private final Scoring scoring;
  private final ScoreSettings settings;

  private final MapFunction<ScoreRequest, ScoreRequest> tap;

  public ScoreJob(Scoring scoring, ScoreSettings settings) {
    this(scoring, settings, null);
  }

  /**
   * @param tap an operator every request passes through before it is routed, or null; tests use it
   *     to induce a failure mid-stream
   */
  ScoreJob(Scoring scoring, ScoreSettings settings, MapFunction<ScoreRequest, ScoreRequest> tap) {
    this.scoring = scoring;
    this.settings = settings;
    this.tap = tap;
  }

  /**
   * Adds the job to {@code env} and turns on object reuse there: without it Flink deep-copies every
   * batch, outcome, prediction and Iceberg row at each chained operator (a third of the sinks'
   * thread in a profile). Safe here because no operator of the job keeps or changes a record it has
   * passed on: the router's input arrives over the network (a new object per record), the async
   * operator copies its input itself under object reuse, and the sinks serialize or convert each
   * prediction at once.
   */
  public void build(StreamExecutionEnvironment env) {
    env.getConfig().enableObjectReuse();
    ScoringRequests requests = new ScoringRequests(scoring);
    ModelTensors tensors = checkServing(requests);
    Map<Long, double[]> means = trainingMeans();
    SplitControlTopic.create(settings.kafka());
    TopicCreation.createIfAbsent(
        settings.kafka(),
        new NewTopic(DeploymentPlan.PREDICTIONS_TOPIC, Optional.empty(), Optional.empty()));
    TopicCreation.createIfAbsent(
        settings.kafka(),
        new NewTopic(DeploymentPlan.DEAD_LETTER_TOPIC, Optional.empty(), Optional.empty()));

    BroadcastStream<String> splits =
        env.fromSource(
                controlSource(),
                WatermarkStrategy.noWatermarks(),
                "kafka " + SplitControlTopic.TOPIC)
            .uid("score-splits-source")
            .setParallelism(1)
            .broadcast(SplitsInForce.STATE);
    DataStream<ScoreRequest> received =
        env.fromSource(
                requestSource(env, requests), WatermarkStrategy.noWatermarks(), "kafka " + topic())
            .uid("score-requests-source");
    DataStream<ScoreRequest> toRoute =
        tap == null ? received : received.map(tap).uid("score-tap").name("tap");
    // the keys are spread for the environment's parallelism (tributary score sets it; left to the
    // cluster's default they are spread as for one instance: still correct, maybe unbalanced)
    int parallelism = Math.max(1, env.getParallelism());
    int maxParallelism =
        env.getMaxParallelism() > 0
            ? env.getMaxParallelism()
            : KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism);
    BatchKeys keys = BatchKeys.spread(settings.batchShards(), parallelism, maxParallelism);
    SingleOutputStreamOperator<RequestBatch> batches =
        toRoute
            .keyBy(keys::of, Types.INT)
            .connect(splits)
            .process(
                new RouteAndBatch(
                    scoring, settings.kafka(), settings.maxBatchRows(), settings.maxBatchDelay()))
            .uid("score-route-batch")
            .setMaxParallelism(maxParallelism)
            .name(
                "route by traffic split of "
                    + scoring.name()
                    + ", micro-batch per version ("
                    + settings.maxBatchRows()
                    + " rows)");
    SingleOutputStreamOperator<BatchOutcome> outcomes =
        AsyncDataStream.unorderedWaitWithRetry(
                batches,
                new InferBatch(
                    requests,
                    settings.redis(),
                    settings.triton(),
                    tensors,
                    means,
                    settings.callDeadline(),
                    settings.jobId()),
                settings.timeout().toMillis(),
                TimeUnit.MILLISECONDS,
                settings.inFlight(),
                new AsyncRetryStrategies.ExponentialBackoffDelayRetryStrategyBuilder<BatchOutcome>(
                        settings.retries(), 100L, 2_000L, 2.0)
                    .ifResult(RETRIABLE)
                    .build())
            .uid("score-infer")
            .name("features + Triton " + scoring.model().tritonModel());
    SingleOutputStreamOperator<Prediction> predictions =
        outcomes.process(new EmitOutcomes()).uid("score-outcomes").name("predictions");
    DataStream<DeadLetter> deadLetters =
        batches
            .getSideOutput(RouteAndBatch.DEAD_LETTERS)
            .union(predictions.getSideOutput(RouteAndBatch.DEAD_LETTERS));

    predictions
        .sinkTo(
            transactionalTopic(
                new TimestampedRecords<>(
                    DeploymentPlan.PREDICTIONS_TOPIC, new PredictionJson(), p -> p.predictedAt),
                "predictions"))
        .uid("score-prediction-topic")
        .name(DeploymentPlan.PREDICTIONS_TOPIC);
    PredictionTable.attach(predictions, settings.catalog(), "score-" + scoring.name());
    PredictionTable.attach(
        served(
            env,
            DeploymentPlan.PREDICTIONS_TOPIC,
            settings.groupId() + "-served-" + scoring.name(),
            ServedRecords.predictions(scoring.name()),
            "score-served-source",
            "predictions of tributary serve for " + scoring.name()),
        settings.catalog(),
        "served-" + scoring.name());
    deadLetters
        .sinkTo(
            transactionalTopic(
                new TimestampedRecords<>(
                    DeploymentPlan.DEAD_LETTER_TOPIC, new DeadLetterJson(), d -> d.recordedAt),
                "dead-letters"))
        .uid("score-dead-letter-topic")
        .name(DeploymentPlan.DEAD_LETTER_TOPIC);
    DeadLetterTable.attach(
        deadLetters.union(
            served(
                env,
                DeploymentPlan.DEAD_LETTER_TOPIC,
                settings.groupId() + "-served-dead-letters-" + scoring.name(),
                ServedRecords.deadLetters(scoring.name()),
                "score-served-dead-letter-source",
                "dead letters of tributary serve for " + scoring.name())),
        settings.catalog(),
        "score-" + scoring.name());
  }

  /** Retry a batch that failed transiently (the function must be serializable: it ships). */
  private static final Predicate<Collection<BatchOutcome>> RETRIABLE =
      (Predicate<Collection<BatchOutcome>> & Serializable)
          outcomes -> outcomes.stream().anyMatch(outcome -> outcome.retriable);

  /**
   * Checks at start that every version of the split in force (the definitions' and any set on the
   * control topic) is READY on the server, and that the served model's tensors fit its definition.
   */
  private ModelTensors checkServing(ScoringRequests requests) {
    String model = scoring.model().tritonModel();
    SplitHistory history = SplitHistory.of(scoring);
    for (var message : SplitControlTopic.read(settings.kafka(), scoring.name(), bad -> {})) {
      history = history.with(message.split());
    }
    TreeSet<Long> versions = new TreeSet<>();
    for (TrafficSplit split : history.splits()) {
      split
          .weights()
          .forEach(
              (version, weight) -> {
                if (weight > 0) {
                  versions.add(version);
                }
              });
    }
    try (TritonClient client = settings.triton().open()) {
      for (long version : versions) {
        if (!client.modelReady(model, Long.toString(version))) {
          throw new IllegalStateException(
              "version "
                  + version
                  + " of model '"
                  + model
                  + "' is not READY on "
                  + client.endpoints()
                  + ", but the traffic split of "
                  + scoring.name()
                  + " sends requests to it: load it (tributary models status shows what is"
                  + " served) or set a split without it (tributary split set)");
        }
      }
      ModelConfig config = client.modelConfig(model, "");
      return ModelTensors.check(scoring.model(), requests.inputs(), config);
    }
  }

  /** The training means of every version in the repository, for {@code mean_from_training}. */
  private Map<Long, double[]> trainingMeans() {
    Map<Long, double[]> means = new HashMap<>();
    if (scoring.model().missing() != MissingPolicy.MEAN_FROM_TRAINING) {
      return means;
    }
    String repository =
        scoring
            .model()
            .repository()
            .filter(r -> !r.contains("://"))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "model '"
                            + scoring.model().name()
                            + "' has missing: mean_from_training, which reads the training means"
                            + " from a local model_repository; declare one in models.yaml"));
    try {
      for (long version :
          ModelVersionFolder.versions(Path.of(repository), scoring.model().tritonModel())) {
        means.put(
            version,
            ModelVersionFolder.read(Path.of(repository), scoring.model().tritonModel(), version)
                .trainingMeans());
      }
    } catch (IOException unreadable) {
      throw new IllegalArgumentException(unreadable.getMessage(), unreadable);
    }
    return means;
  }

  private String topic() {
    return scoring
        .requests()
        .topic()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "requests source '" + scoring.requests().name() + "' has no Kafka topic"));
  }

  private KafkaSource<ScoreRequest> requestSource(
      StreamExecutionEnvironment env, ScoringRequests requests) {
    var builder =
        KafkaSource.<ScoreRequest>builder()
            .setBootstrapServers(settings.bootstrapServers())
            .setProperties(settings.kafka().extraProperties())
            .setTopics(topic())
            .setGroupId(settings.groupId())
            .setProperty("isolation.level", "read_committed")
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new RequestDeserializer(requests));
    if (settings.bounded()) {
      builder.setBounded(stopAndCommit(env, topic(), settings.groupId()));
    }
    return builder.build();
  }

  /**
   * Records {@code tributary serve} wrote for this scoring to {@code topic} (predictions, dead
   * letters), from where this job's {@code group} left off: their offsets are checkpointed with the
   * table's files they go to, so each lands there exactly once across restores.
   */
  private <T> DataStream<T> served(
      StreamExecutionEnvironment env,
      String topic,
      String group,
      ServedRecords<T> records,
      String uid,
      String name) {
    var builder =
        KafkaSource.<T>builder()
            .setBootstrapServers(settings.bootstrapServers())
            .setProperties(settings.kafka().extraProperties())
            .setTopics(topic)
            .setGroupId(group)
            .setProperty("isolation.level", "read_committed")
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(records);
    if (settings.bounded()) {
      builder.setBounded(stopAndCommit(env, topic, group));
    }
    return env.fromSource(
            builder.build(), WatermarkStrategy.noWatermarks(), "kafka " + topic + " (served)")
        .uid(uid)
        .name(name);
  }

  /**
   * A bounded run stops at the ends of {@code topic} as they are now, and commits them to {@code
   * group} once it has succeeded ({@link BoundedRunOffsets}), so a later run starts after them.
   */
  private OffsetsInitializer stopAndCommit(
      StreamExecutionEnvironment env, String topic, String group) {
    BoundedRunOffsets offsets = BoundedRunOffsets.capture(settings.kafka(), topic, group);
    env.registerJobListener(offsets);
    return offsets.stoppingOffsets();
  }

  private KafkaSource<String> controlSource() {
    var builder =
        KafkaSource.<String>builder()
            .setBootstrapServers(settings.bootstrapServers())
            .setProperties(settings.kafka().extraProperties())
            .setTopics(SplitControlTopic.TOPIC)
            .setGroupId(settings.groupId() + "-splits")
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(new SimpleStringSchema()));
    if (settings.bounded()) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  /**
   * An exactly-once topic sink: records are written in Kafka transactions committed on checkpoints
   * (readers use read_committed). The transaction timeout stays under the broker's default maximum
   * of 15 minutes, or the job would restart forever.
   */
  private <T> KafkaSink<T> transactionalTopic(
      KafkaRecordSerializationSchema<T> records, String what) {
    return KafkaSink.<T>builder()
        .setBootstrapServers(settings.bootstrapServers())
        .setKafkaProducerConfig(settings.kafka().extraProperties())
        .setRecordSerializer(records)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix("tributary-score-" + scoring.name() + "-" + what)
        .setProperty("transaction.timeout.ms", Long.toString(TimeUnit.MINUTES.toMillis(10)))
        .build();
  }
}
