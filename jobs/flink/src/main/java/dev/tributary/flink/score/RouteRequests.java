package dev.tributary.flink.score;

import dev.tributary.core.config.KafkaConnection;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.score.SplitHistory;
import dev.tributary.core.score.SplitMessage;
import dev.tributary.core.score.TrafficSplit;
import dev.tributary.flink.records.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each request to a model version by the split in force at its request time ({@link
 * SplitHistory}); rejected requests go to the dead letters.
 *
 * <p>Splits arrive on the control topic as a broadcast stream and are kept in broadcast state (so
 * they survive a restore), keyed by split id (so a replayed record changes nothing). At open the
 * operator also reads the control topic to its current end, so splits set before the job started
 * route the very first requests, whichever source Flink happens to read first.
 */
final class RouteRequests extends BroadcastProcessFunction<ScoreRequest, String, ScoreRequest> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RouteRequests.class);

  static final MapStateDescriptor<String, String> SPLITS =
      new MapStateDescriptor<>("traffic-splits", Types.STRING, Types.STRING);
  static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>(
          "rejected-requests",
          org.apache.flink.api.common.typeinfo.TypeInformation.of(DeadLetter.class));

  private final Scoring scoring;
  private final KafkaConnection kafkaOrNull;
  private transient SplitHistory seed;
  private transient SplitHistory history;

  /**
   * @param kafkaOrNull where to read the control topic at open; null for none
   */
  RouteRequests(Scoring scoring, KafkaConnection kafkaOrNull) {
    this.scoring = scoring;
    this.kafkaOrNull = kafkaOrNull;
  }

  @Override
  public void open(OpenContext context) {
    seed = SplitHistory.of(scoring);
    if (kafkaOrNull != null) {
      for (SplitMessage message :
          SplitControlTopic.read(
              kafkaOrNull, scoring.name(), bad -> LOG.warn("ignoring control record {}", bad))) {
        seed = seed.with(message.split());
      }
    }
    LOG.info("{}: splits at start {}", scoring.name(), seed.splits());
  }

  @Override
  public void processElement(
      ScoreRequest request, ReadOnlyContext context, Collector<ScoreRequest> out) throws Exception {
    if (request.isRejected()) {
      context.output(DEAD_LETTERS, deadLetter(scoring, request, request.rejection));
      return;
    }
    TrafficSplit split = history(context.getBroadcastState(SPLITS)).at(request.requestTime);
    request.version = split.route(request.routingKey, scoring.name());
    request.splitId = split.id();
    out.collect(request);
  }

  @Override
  public void processBroadcastElement(String json, Context context, Collector<ScoreRequest> out)
      throws Exception {
    SplitMessage message;
    try {
      message = SplitMessage.fromJson(json.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException bad) {
      DeadLetter letter =
          new DeadLetter(
              SplitControlTopic.TOPIC,
              json,
              bad.getMessage(),
              DeadLetter.NO_EVENT_TIME,
              System.currentTimeMillis());
      context.output(DEAD_LETTERS, letter);
      return;
    }
    if (!message.scoring().equals(scoring.name())) {
      return;
    }
    context.getBroadcastState(SPLITS).put(message.split().id(), json);
    history = history(context.getBroadcastState(SPLITS)).with(message.split());
    LOG.info("{}: split {} applied", scoring.name(), message.split());
  }

  /** The seed plus every split in broadcast state (restored after a failure). */
  private SplitHistory history(ReadOnlyBroadcastState<String, String> state) throws Exception {
    if (history == null) {
      SplitHistory rebuilt = seed;
      for (Map.Entry<String, String> entry : state.immutableEntries()) {
        rebuilt =
            rebuilt.with(
                SplitMessage.fromJson(entry.getValue().getBytes(StandardCharsets.UTF_8)).split());
      }
      history = rebuilt;
    }
    return history;
  }

  /** A request rejected before routing: of the scoring's model, of no version. */
  static DeadLetter deadLetter(Scoring scoring, ScoreRequest request, String reason) {
    return DeadLetter.ofScoringRequest(
        scoring.name(),
        scoring.model().tritonModel(),
        request.requestId,
        request.payload,
        request.requestTime,
        null,
        reason,
        System.currentTimeMillis());
  }
}
