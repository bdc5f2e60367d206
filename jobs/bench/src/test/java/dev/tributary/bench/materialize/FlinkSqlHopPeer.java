package dev.tributary.bench.materialize;

import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.RecordParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.kafka.common.TopicPartition;

/**
 * The peer of the materialization benchmark: the example definitions' windows written by hand as
 * Flink SQL {@code HOP} window aggregations, over the same Kafka topic, into blackhole sinks.
 *
 * <pre>
 *   Kafka (same topic, same JSON, parsed by the same RecordParser)
 *     ─► Row(origin, destination, delay, event_time) with 5 min bounded out-of-orderness watermarks
 *     ─► fromDataStream (rowtime from the stream's timestamps, SOURCE_WATERMARK())
 *     ─► one HOP(window, hop) aggregation per (view, window) grouped by the view's entity ─► blackhole
 *     ─► one unbounded GROUP BY for the lifetime features ─► blackhole
 * </pre>
 *
 * <p>What it computes is less than Tributary: a value per entity only at each hop end for the fixed
 * hop-aligned window {@code [end - W, end)}, never the exact head between hops, no change points (a
 * row per window per entity whether or not it changed), no TTL, no late-event corrections, no
 * Iceberg or Redis writes. Function by function: {@code approx_quantile} becomes the exact {@code
 * PERCENTILE}, {@code approx_distinct} the exact {@code COUNT(DISTINCT)}, {@code last_n} an {@code
 * ARRAY_AGG} of the whole window, lifetime {@code last} a {@code LAST_VALUE} by arrival. Functions
 * the planner refuses in a window aggregation are dropped and reported by {@link #build}.
 */
final class FlinkSqlHopPeer {
  private static final String DELAY = "CAST(delay AS DOUBLE)";
  private static final String LATE = "CASE WHEN delay > 15 THEN 1.0 ELSE 0.0 END";

  private FlinkSqlHopPeer() {}

  /** One hand-written window aggregation: the entity columns, the window and the aggregates. */
  private record Hop(
      String name, String keys, String hop, String window, List<String> aggregates) {}

  /** Aggregates Flink keeps as a value per slice, merged at each hop end. */
  private static boolean algebraic(String aggregate) {
    return !aggregate.startsWith("PERCENTILE")
        && !aggregate.contains("DISTINCT")
        && !aggregate.startsWith("ARRAY_AGG");
  }

  /** The windows of feature-defs/views, as a person would write them in SQL. */
  private static List<Hop> hops() {
    String pct = "PERCENTILE(" + DELAY + ", 0.9)";
    return List.of(
        new Hop(
            "origin_delays_1h",
            "origin",
            "5' MINUTE",
            "1' HOUR",
            List.of("COUNT(*)", "AVG(" + DELAY + ")", "AVG(" + LATE + ")")),
        new Hop(
            "origin_delays_3h",
            "origin",
            "5' MINUTE",
            "3' HOUR",
            List.of("AVG(" + DELAY + ")", "AVG(" + LATE + ")")),
        new Hop(
            "origin_delays_24h",
            "origin",
            "1' HOUR",
            "24' HOUR",
            List.of(
                "AVG(" + DELAY + ")",
                "AVG(" + LATE + ")",
                "MAX(delay)",
                "STDDEV_POP(" + DELAY + ")")),
        new Hop(
            "origin_delays_7d",
            "origin",
            "1' HOUR",
            "7' DAY",
            List.of(
                "AVG(" + DELAY + ")",
                "AVG(" + LATE + ")",
                "COUNT(*)",
                pct,
                "COUNT(DISTINCT destination)")),
        new Hop(
            "dest_delays_3h",
            "destination",
            "5' MINUTE",
            "3' HOUR",
            List.of("COUNT(*)", "AVG(" + DELAY + ")")),
        new Hop(
            "dest_delays_24h", "destination", "1' HOUR", "24' HOUR", List.of("AVG(" + LATE + ")")),
        new Hop(
            "route_delays_7d",
            "origin, destination",
            "1' HOUR",
            "7' DAY",
            List.of("AVG(" + DELAY + ")", "AVG(" + LATE + ")", "COUNT(*)")),
        new Hop(
            "route_delays_1d",
            "origin, destination",
            "1' HOUR",
            "1' DAY",
            List.of("ARRAY_AGG(delay)")));
  }

  /**
   * Adds the peer to {@code env}; returns the aggregates it had to drop, each with the planner's
   * reason (empty when every feature is computed).
   *
   * @param holistic also compute the functions whose window state is every value of the window
   *     ({@code PERCENTILE}, {@code COUNT(DISTINCT)}, {@code ARRAY_AGG}), not only the algebraic
   *     ones
   * @param stopAt the offset to stop at per partition (a prefix of the topic), or null for the
   *     whole topic
   */
  static List<String> build(
      StreamExecutionEnvironment env,
      String bootstrapServers,
      String groupId,
      Source flights,
      boolean holistic,
      Map<TopicPartition, Long> stopAt) {
    KafkaSource<Row> kafka =
        KafkaSource.<Row>builder()
            .setBootstrapServers(bootstrapServers)
            .setTopics(flights.topic().orElseThrow())
            .setGroupId(groupId)
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setBounded(
                stopAt == null ? OffsetsInitializer.latest() : OffsetsInitializer.offsets(stopAt))
            .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(new FlightRows(flights)))
            .build();
    WatermarkStrategy<Row> watermarks =
        WatermarkStrategy.<Row>forBoundedOutOfOrderness(flights.watermarks().maxOutOfOrderness())
            .withTimestampAssigner((row, kafkaTime) -> (Long) row.getField(3))
            .withIdleness(flights.watermarks().idleTimeout());
    DataStream<Row> rows =
        env.fromSource(kafka, watermarks, "kafka " + flights.topic().orElseThrow())
            .uid("peer-source");

    StreamTableEnvironment tables = StreamTableEnvironment.create(env);
    tables.createTemporaryView(
        "flights",
        tables.fromDataStream(
            rows,
            Schema.newBuilder()
                .columnByMetadata("rowtime", "TIMESTAMP_LTZ(3)")
                .watermark("rowtime", "SOURCE_WATERMARK()")
                .build()));

    List<String> dropped = new ArrayList<>();
    StreamStatementSet statements = tables.createStatementSet();
    for (Hop hop : hops()) {
      List<String> aggregates = new ArrayList<>();
      for (String aggregate : hop.aggregates()) {
        if (!holistic && !algebraic(aggregate)) {
          continue;
        }
        try {
          tables.sqlQuery(hopQuery(hop, List.of(aggregate))).explain();
          aggregates.add(aggregate);
        } catch (RuntimeException refused) {
          dropped.add(hop.name() + ": " + aggregate + " (" + firstLine(refused) + ")");
        }
      }
      if (!aggregates.isEmpty()) {
        insert(statements, tables.sqlQuery(hopQuery(hop, aggregates)));
      }
    }
    // Lifetime features of route_delays: no window, so an unbounded (updating) aggregation.
    insert(
        statements,
        tables.sqlQuery(
            "SELECT origin, destination, LAST_VALUE(delay) AS last_delay, "
                + "SUM(CASE WHEN delay < 0 THEN 1 ELSE 0 END) AS early_departures FROM flights GROUP BY origin, destination"));
    statements.attachAsDataStream();
    return dropped;
  }

  private static String hopQuery(Hop hop, List<String> aggregates) {
    StringBuilder select = new StringBuilder();
    for (int i = 0; i < aggregates.size(); i++) {
      select.append(", ").append(aggregates.get(i)).append(" AS f").append(i);
    }
    return "SELECT "
        + hop.keys()
        + ", window_start, window_end"
        + select
        + " FROM TABLE(HOP(TABLE flights, DESCRIPTOR(rowtime), INTERVAL '"
        + hop.hop()
        + ", INTERVAL '"
        + hop.window()
        + ")) GROUP BY "
        + hop.keys()
        + ", window_start, window_end";
  }

  private static void insert(StreamStatementSet statements, Table table) {
    statements.add(
        table.insertInto(
            TableDescriptor.forConnector("blackhole")
                .schema(Schema.newBuilder().fromResolvedSchema(table.getResolvedSchema()).build())
                .build()));
  }

  private static String firstLine(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = String.valueOf(cause.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** The same JSON through the same parser as Tributary's source; bad records are skipped. */
  static final class FlightRows extends AbstractDeserializationSchema<Row> {
    private static final long serialVersionUID = 1L;
    private final RecordParser parser;

    FlightRows(Source flights) {
      super(
          Types.ROW_NAMED(
              new String[] {"origin", "destination", "delay", "event_time"},
              Types.STRING,
              Types.STRING,
              Types.LONG,
              Types.LONG));
      this.parser = new RecordParser(flights);
    }

    @Override
    public Row deserialize(byte[] message) {
      ParseOutcome outcome = parser.parse(message);
      if (!(outcome instanceof ParsedEvent event)) {
        return null;
      }
      Object[] row = event.row();
      return Row.of(row[3], row[4], row[1], event.eventTime());
    }
  }
}
