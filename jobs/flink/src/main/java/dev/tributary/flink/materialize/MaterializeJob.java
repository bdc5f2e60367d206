package dev.tributary.flink.materialize;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.Source;
import dev.tributary.core.defs.Watermarks;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.flink.iceberg.DeadLetterTable;
import dev.tributary.flink.iceberg.HistoryTableSink;
import dev.tributary.flink.online.RedisOnlineSink;
import dev.tributary.flink.records.DeadLetter;
import dev.tributary.flink.records.DeadLetterJson;
import dev.tributary.flink.records.HistoryChange;
import dev.tributary.flink.records.SourceRecord;
import dev.tributary.flink.records.SourceRecordDeserializer;
import dev.tributary.flink.records.ViewEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The streaming materialization job: source events from Kafka to exact feature values in Iceberg
 * history tables, with every record it cannot use in the dead-letter outputs.
 *
 * <pre>
 *  Kafka topic ─► parse (per-partition watermarks) ─► RouteToViews ─┬─► keyBy(view, entity) ─► ViewMaterializer
 *  (per source)                                                     │                            │ HistoryChange
 *                                                                   │        ┌───────────────────┴──► features.&lt;view&gt;__&lt;version&gt;
 *                                                                   └─ dead letters ◄─ too late       (one Iceberg sink per view)
 *                                                                          │
 *                                                                          ├─► Kafka tributary.dead_letters
 *                                                                          └─► Iceberg ops.dead_letters
 * </pre>
 */
public final class MaterializeJob {
  private final FeatureRepository repository;
  private final MaterializeSettings settings;
  private final MapFunction<ViewEvent, ViewEvent> tap;

  public MaterializeJob(FeatureRepository repository, MaterializeSettings settings) {
    this(repository, settings, null);
  }

  /**
   * @param tap an operator every view event passes through before the shuffle, or null; tests use
   *     it to induce a failure mid-stream
   */
  MaterializeJob(
      FeatureRepository repository,
      MaterializeSettings settings,
      MapFunction<ViewEvent, ViewEvent> tap) {
    this.repository = repository;
    this.settings = settings;
    this.tap = tap;
  }

  /** The views this job maintains: online or offline, over a source with a Kafka topic. */
  public List<ViewProgram> programs() {
    List<ViewProgram> programs = new ArrayList<>();
    for (FeatureView view : repository.views()) {
      if ((view.online() || view.offline()) && view.source().topic().isPresent()) {
        programs.add(ViewProgram.of(view));
      }
    }
    return programs;
  }

  public void build(StreamExecutionEnvironment env) {
    List<ViewProgram> programs = programs();
    if (programs.isEmpty()) {
      throw new IllegalArgumentException(
          "no feature view reads a source with a Kafka topic: nothing to materialize");
    }
    DataStream<ViewEvent> events = null;
    DataStream<DeadLetter> deadLetters = null;
    for (Map.Entry<Source, Map<Integer, ViewProgram>> bySource :
        ViewProgram.bySource(programs).entrySet()) {
      SingleOutputStreamOperator<ViewEvent> routed =
          route(env, bySource.getKey(), bySource.getValue());
      events = events == null ? routed : events.union(routed);
      DataStream<DeadLetter> rejected = routed.getSideOutput(RouteToViews.DEAD_LETTERS);
      deadLetters = deadLetters == null ? rejected : deadLetters.union(rejected);
    }
    if (tap != null) {
      events = events.map(tap).uid("tap").name("tap");
    }
    ViewMaterializer materializer = new ViewMaterializer(programs, settings.writeFrom());
    SingleOutputStreamOperator<HistoryChange> changes =
        events
            .keyBy(materializer.keys())
            .process(materializer)
            .uid("materialize")
            .name("change points per (view, entity)");
    deadLetters = deadLetters.union(changes.getSideOutput(ViewMaterializer.TOO_LATE));
    for (int i = 0; i < programs.size(); i++) {
      if (programs.get(i).view().offline()) {
        HistoryTableSink.attach(changes, i, programs.get(i), settings.catalog(), settings.jobId());
      }
    }
    List<FeatureView> online =
        programs.stream().map(ViewProgram::view).filter(FeatureView::online).toList();
    if (!online.isEmpty() && settings.redis() != null) {
      changes
          .getSideOutput(ViewMaterializer.ONLINE)
          .sinkTo(new RedisOnlineSink(settings.redis(), online))
          .uid("online-store")
          .name("Redis " + settings.redis().address());
    }
    deadLetters
        .sinkTo(deadLetterTopic())
        .uid("dead-letter-topic")
        .name(DeploymentPlan.DEAD_LETTER_TOPIC);
    DeadLetterTable.attach(deadLetters, settings.catalog(), "materialize");
  }

  private SingleOutputStreamOperator<ViewEvent> route(
      StreamExecutionEnvironment env, Source source, Map<Integer, ViewProgram> views) {
    Watermarks watermarks = source.watermarks();
    WatermarkStrategy<SourceRecord> strategy =
        WatermarkStrategy.<SourceRecord>forGenerator(
                context -> new EventTimeWatermarks(watermarks.maxOutOfOrderness()))
            .withTimestampAssigner((record, kafkaTime) -> record.eventTime)
            .withIdleness(watermarks.idleTimeout());
    String topic = source.topic().orElseThrow();
    return env.fromSource(kafkaSource(source), strategy, "kafka " + topic)
        .uid("source-" + source.name())
        .process(new RouteToViews(source.name(), watermarks.allowedLateness().toMillis(), views))
        .uid("route-" + source.name())
        .name("parse, check lateness, route to views of " + source.name());
  }

  private KafkaSource<SourceRecord> kafkaSource(Source source) {
    var builder =
        KafkaSource.<SourceRecord>builder()
            .setBootstrapServers(settings.bootstrapServers())
            .setProperties(settings.kafka().extraProperties())
            .setTopics(source.topic().orElseThrow())
            .setGroupId(settings.groupId())
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new SourceRecordDeserializer(source));
    if (settings.bounded()) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  private KafkaSink<DeadLetter> deadLetterTopic() {
    return KafkaSink.<DeadLetter>builder()
        .setBootstrapServers(settings.bootstrapServers())
        .setKafkaProducerConfig(settings.kafka().extraProperties())
        .setRecordSerializer(
            KafkaRecordSerializationSchema.<DeadLetter>builder()
                .setTopic(DeploymentPlan.DEAD_LETTER_TOPIC)
                .setValueSerializationSchema(new DeadLetterJson())
                .build())
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }
}
