package dev.tributary.flink.monitor;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.Model;
import dev.tributary.core.defs.Source;
import dev.tributary.core.monitor.alert.Alert;
import dev.tributary.core.monitor.labels.JoinOutcome;
import dev.tributary.core.monitor.labels.LabelEvent;
import dev.tributary.core.monitor.labels.Prediction;
import dev.tributary.core.monitor.serving.RequestOutcome;
import dev.tributary.core.monitor.serving.ServedPrediction;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.plan.MonitoringTables;
import dev.tributary.core.plan.PlannedTable;
import dev.tributary.flink.iceberg.MonitoringTable;
import dev.tributary.flink.records.SourceRecord;
import dev.tributary.flink.records.SourceRecordDeserializer;
import dev.tributary.flink.records.TopicCreation;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor job of one model: its predictions joined to its labels in event time, quality and
 * label coverage per version and window, A/B tests between versions, input drift against the
 * training baseline, latency, the error rate (dead letters over requests), alerts, and per-version
 * Flink metrics ({@code VersionGauges}).
 *
 * <pre>
 *  Kafka tributary.predictions ─► PredictionRecords (this model) ─┬─► forJoin ─┐ keyBy(label key)
 *                                                                  │            ├─► JoinLabels
 *  Kafka label source (flights) ─► LabelEvents (join_on, value) ───┼────────────┘   (LabelJoinState,
 *                                                                  │   timers at label_wait)
 *                                                                  │      │ JoinOutcome
 *             LABELLED ─► Iceberg monitoring.labeled_predictions   │      ├─► keyBy(version)
 *                                                                  │      │   VersionQuality ─► monitoring.model_metrics
 *                                                                  │      └─► keyBy(model)
 *                                                                  │          SplitAbTests ─► monitoring.ab_tests
 *                                                                  ├─► served ─► keyBy(version)
 *                                                                  │  VersionServing (inputs' drift vs training.<name>__stats,
 *                                                                  │  score drift vs metadata.json, latency) ─► monitoring.drift, .latency
 *                                                                  └─► predicted ─┐ keyBy(version)
 *  Kafka tributary.dead_letters ─► DeadLetterRecords (this model, a version) ─────┴─► VersionErrors ─► monitoring.errors
 *   alerts of VersionQuality, VersionServing and VersionErrors ─► Iceberg monitoring.alerts, Kafka alerts
 * </pre>
 *
 * A job of its own, not a stage of the score job: it reads the prediction log every score job
 * writes (several scorings of one model, restarts), its state (predictions waiting hours for
 * labels) has a lifetime unrelated to scoring's, and a failure here never holds up scoring.
 */
public final class MonitorJob {
  /** The Kafka topic alerts are sent to (JSON, as the columns of {@code monitoring.alerts}). */
  public static final String ALERTS_TOPIC = "alerts";

  private static final Logger LOG = LoggerFactory.getLogger(MonitorJob.class);

  private final Model model;
  private final MonitorSettings settings;

  public MonitorJob(Model model, MonitorSettings settings) {
    this.model = model;
    this.settings = settings;
  }

  public void build(StreamExecutionEnvironment env) {
    long labelWait = model.monitoring().labelWait().toMillis();
    Source labels = model.label().source();
    String modelName = model.name();
    TrainingReferences references = TrainingReferences.load(model, LOG::info);
    DataStream<LoggedPrediction> logged =
        env.fromSource(
                predictionSource(),
                WatermarkStrategy.<LoggedPrediction>forBoundedOutOfOrderness(
                        settings.predictionOutOfOrderness())
                    .withTimestampAssigner((p, kafkaTime) -> p.forJoin().time())
                    .withIdleness(settings.predictionIdleness()),
                "kafka " + DeploymentPlan.PREDICTIONS_TOPIC)
            .uid("monitor-predictions-source");
    DataStream<Prediction> predictions =
        logged
            .map(LoggedPrediction::forJoin, TypeInformation.of(Prediction.class))
            .uid("monitor-predictions-to-join")
            .name("as the label join sees them");
    DataStream<LabelEvent> labelEvents =
        env.fromSource(
                labelSource(labels),
                WatermarkStrategy.<SourceRecord>forBoundedOutOfOrderness(
                        labels.watermarks().maxOutOfOrderness())
                    .withTimestampAssigner((record, kafkaTime) -> record.eventTime)
                    .withIdleness(labels.watermarks().idleTimeout()),
                "kafka " + labels.topic().orElseThrow())
            .uid("monitor-labels-source")
            .flatMap(new LabelEvents(model.label()))
            .uid("monitor-label-events")
            .name("labels of " + model.name() + " (" + model.label().value().canonical() + ")");
    SingleOutputStreamOperator<JoinOutcome> outcomes =
        predictions
            .keyBy(Prediction::key)
            .connect(labelEvents.keyBy(LabelEvent::key))
            .process(new JoinLabels(labelWait))
            .uid("monitor-label-join")
            .name("join labels (wait " + model.monitoring().labelWait() + ")");

    append(
        outcomes
            .filter(outcome -> outcome.status() == JoinOutcome.Status.LABELLED)
            .uid("monitor-labelled")
            .name("labelled")
            .map(
                outcome -> MetricRows.labelled(modelName, outcome),
                MonitoringTable.rowType(MonitoringTables.labeledPredictions()))
            .uid("monitor-labelled-rows")
            .name("to rows of monitoring.labeled_predictions"),
        MonitoringTables.labeledPredictions(),
        "monitor-labelled-");

    SingleOutputStreamOperator<RowData> metrics =
        outcomes
            .keyBy(outcome -> outcome.prediction().version())
            .process(
                new VersionQuality(model.name(), model.monitoring(), references.heldOutAuc()),
                MonitoringTable.rowType(MonitoringTables.modelMetrics()))
            .uid("monitor-quality")
            .name("quality per version and window");
    append(metrics, MonitoringTables.modelMetrics(), "monitor-metrics-");

    append(
        outcomes
            .keyBy(outcome -> modelName)
            .process(
                new SplitAbTests(
                    model.monitoring().threshold(), labelWait, model.monitoring().minLabels()),
                MonitoringTable.rowType(MonitoringTables.abTests()))
            .uid("monitor-ab-tests")
            .name("A/B tests between versions"),
        MonitoringTables.abTests(),
        "monitor-ab-");

    SingleOutputStreamOperator<RowData> drift =
        logged
            .map(LoggedPrediction::served, TypeInformation.of(ServedPrediction.class))
            .uid("monitor-predictions-served")
            .name("as drift and latency see them")
            .keyBy(ServedPrediction::version)
            .process(
                new VersionServing(
                    model.name(),
                    model.monitoring(),
                    DriftBaselines.load(model, settings, LOG::info),
                    references.scoreBaselines()),
                MonitoringTable.rowType(MonitoringTables.drift()))
            .uid("monitor-serving")
            .name("drift and latency per version and window");
    append(drift, MonitoringTables.drift(), "monitor-drift-");
    append(
        drift.getSideOutput(VersionServing.LATENCY),
        MonitoringTables.latency(),
        "monitor-latency-");

    SingleOutputStreamOperator<RowData> errors =
        logged
            .map(
                p -> RequestOutcome.predicted(p.served().version(), p.served().time()),
                TypeInformation.of(RequestOutcome.class))
            .uid("monitor-predictions-outcomes")
            .name("as the error rate sees them")
            .union(deadLetters(env))
            .keyBy(RequestOutcome::version)
            .process(
                new VersionErrors(model.name(), model.monitoring()),
                MonitoringTable.rowType(MonitoringTables.errors()))
            .uid("monitor-errors")
            .name("error rate per version and window");
    append(errors, MonitoringTables.errors(), "monitor-errors-");

    DataStream<Alert> alerts =
        metrics
            .getSideOutput(VersionQuality.ALERTS)
            .union(
                drift.getSideOutput(VersionQuality.ALERTS),
                errors.getSideOutput(VersionQuality.ALERTS));
    append(
        alerts
            .map(AlertRecords::row, MonitoringTable.rowType(MonitoringTables.alerts()))
            .uid("monitor-alert-rows")
            .name("to rows of monitoring.alerts"),
        MonitoringTables.alerts(),
        "monitor-alerts-");
    alerts.sinkTo(alertTopic()).uid("monitor-alert-topic").name(ALERTS_TOPIC);
  }

  private void append(DataStream<RowData> rows, PlannedTable table, String uidPrefix) {
    MonitoringTable.attach(rows, settings.catalog(), table, uidPrefix + model.name());
  }

  private KafkaSource<LoggedPrediction> predictionSource() {
    return bounded(
        KafkaSource.<LoggedPrediction>builder()
            .setBootstrapServers(settings.bootstrapServers())
            .setProperties(settings.kafka().extraProperties())
            .setTopics(DeploymentPlan.PREDICTIONS_TOPIC)
            .setGroupId(settings.groupId() + "-predictions")
            .setProperty("isolation.level", "read_committed")
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(
                new PredictionRecords(
                    model.tritonModel(),
                    model.inputs().stream().map(FeatureRef::qualifiedName).toList())));
  }

  /**
   * The score job's dead letters of this model's versions, at their request time, with the
   * predictions' out-of-orderness and idleness: the dead-letter topic is quiet while scoring is
   * healthy, and then must not hold the error windows back for longer than the idleness.
   */
  private DataStream<RequestOutcome> deadLetters(StreamExecutionEnvironment env) {
    TopicCreation.createIfAbsent(
        settings.kafka(),
        new NewTopic(DeploymentPlan.DEAD_LETTER_TOPIC, Optional.empty(), Optional.empty()));
    return env.fromSource(
            bounded(
                KafkaSource.<RequestOutcome>builder()
                    .setBootstrapServers(settings.bootstrapServers())
                    .setProperties(settings.kafka().extraProperties())
                    .setTopics(DeploymentPlan.DEAD_LETTER_TOPIC)
                    .setGroupId(settings.groupId() + "-dead-letters")
                    .setProperty("isolation.level", "read_committed")
                    .setStartingOffsets(
                        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                    .setDeserializer(new DeadLetterRecords(model.tritonModel()))),
            WatermarkStrategy.<RequestOutcome>forBoundedOutOfOrderness(
                    settings.predictionOutOfOrderness())
                .withTimestampAssigner((outcome, kafkaTime) -> outcome.time())
                .withIdleness(settings.predictionIdleness()),
            "kafka " + DeploymentPlan.DEAD_LETTER_TOPIC)
        .uid("monitor-dead-letters-source");
  }

  private KafkaSource<SourceRecord> labelSource(Source labels) {
    return bounded(
        KafkaSource.<SourceRecord>builder()
            .setBootstrapServers(settings.bootstrapServers())
            .setProperties(settings.kafka().extraProperties())
            .setTopics(labels.topic().orElseThrow(() -> noTopic(labels)))
            .setGroupId(settings.groupId() + "-labels")
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new SourceRecordDeserializer(labels)));
  }

  private <T> KafkaSource<T> bounded(
      org.apache.flink.connector.kafka.source.KafkaSourceBuilder<T> builder) {
    if (settings.bounded()) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  private IllegalArgumentException noTopic(Source labels) {
    return new IllegalArgumentException(
        "model '"
            + model.name()
            + "' takes its labels from source '"
            + labels.name()
            + "' ("
            + labels.at()
            + "), which has no Kafka topic: the monitor job joins labels as they stream in;"
            + " give the source a 'topic:'");
  }

  private KafkaSink<Alert> alertTopic() {
    return KafkaSink.<Alert>builder()
        .setBootstrapServers(settings.bootstrapServers())
        .setKafkaProducerConfig(settings.kafka().extraProperties())
        .setRecordSerializer(
            KafkaRecordSerializationSchema.<Alert>builder()
                .setTopic(ALERTS_TOPIC)
                .setValueSerializationSchema(new AlertRecords())
                .build())
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix("tributary-monitor-" + model.name() + "-alerts")
        .setProperty("transaction.timeout.ms", "600000")
        .build();
  }
}
